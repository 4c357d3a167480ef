/*
 * bench.c: the speed benchmark guest for vmcore (and for QEMU, to compare).
 *
 * A mix of what real guests do, so that the interpreter's hot path is
 * exercised as a whole rather than one instruction kind:
 *   - CRC32 (table driven) over a buffer that changes every round: byte
 *     loads, shifts, xors, a tight loop;
 *   - a sieve of Eratosthenes: byte stores with strides, branches;
 *   - 64-bit multiply/divide mixing: mul, mulh(u), div(u), rem(u), signed and
 *     unsigned;
 *   - a recursive quicksort of a small array: calls, returns, stack traffic,
 *     data-dependent branches;
 *   - memcpy of the buffer in 64-bit words plus a byte tail.
 *
 * The same file builds for the host with `cc -O2 -DHOST` and must print the
 * same "checksum" line: that is how the guest's arithmetic is checked against
 * the host CPU. Everything is done in fixed-width unsigned types (or signed
 * ones chosen so that no operation is undefined), so the result does not
 * depend on the compiler or the target.
 *
 * ROUNDS (a compile-time constant, -DROUNDS=n) scales the run: the Makefile
 * builds bench.elf (about 1e9 instructions) and bench-small.elf (about 2e7).
 *
 * The guest prints, through the virt board's UART 16550:
 *   parts crc=... primes=... mix=... sort=... copy=...
 *   checksum 0x...
 *   minstret N
 * and exits through the sifive_test finisher (0x5555 = pass). minstret is
 * the guest's retired-instruction count at the end (exact under vmcore and
 * under QEMU with -icount shift=0, host ticks otherwise); the host build
 * prints no minstret line.
 */

#include <stdint.h>

#ifndef ROUNDS
#define ROUNDS 50
#endif

#define BUF_SIZE 4096
#define SIEVE_SIZE 8192
#define SORT_N 256
#define MIX_STEPS 2000

#define NOINLINE __attribute__((noinline))

#ifdef HOST
#include <stdio.h>

static void putstr(const char *s) { fputs(s, stdout); }
#else

/* ---- virt board I/O ---- */

#define UART_BASE 0x10000000UL
#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20
#define FINISHER 0x100000UL

static void putch(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
	while ((uart[UART_LSR] & LSR_THRE) == 0)
		;
	uart[UART_THR] = (uint8_t)c;
}

static void putstr(const char *s)
{
	while (*s)
		putch(*s++);
}

void guest_exit(int code) __attribute__((noreturn));
void guest_exit(int code)
{
	volatile uint32_t *fin = (volatile uint32_t *)FINISHER;
	*fin = code == 0 ? 0x5555u : (0x3333u | ((uint32_t)code << 16));
	for (;;)
		__asm__ volatile("wfi");
}

/* The compiler may emit calls to these for struct copies and loop idioms
 * even in freestanding code, so the guest has to provide them. */
void *memcpy(void *dst, const void *src, unsigned long n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, unsigned long n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

static uint64_t read_minstret(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, minstret" : "=r"(v));
	return v;
}
#endif

/* ---- output helpers (shared by guest and host so the text is identical) ---- */

static void puthex(uint64_t v, int digits)
{
	char buf[17];
	for (int i = digits - 1; i >= 0; i--) {
		buf[i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	}
	buf[digits] = 0;
	putstr(buf);
}

static __attribute__((unused)) void putdec(uint64_t v)
{
	char buf[21];
	int i = 20;
	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	putstr(buf + i);
}

/* ---- workload ---- */

static uint32_t crc_table[256];
/* The buffers are declared as words so that the word copy in run_copy is
 * well-defined C; byte access through uint8_t pointers is always allowed. */
static uint64_t buf_words[BUF_SIZE / 8];
static uint64_t copy_words[BUF_SIZE / 8 + 1];
#define buf ((uint8_t *)buf_words)
#define copy_buf ((uint8_t *)copy_words)
static uint8_t sieve[SIEVE_SIZE];
static uint32_t sort_arr[SORT_N];

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: cheap, well-mixed, identical everywhere. */
static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static NOINLINE uint32_t crc32(uint32_t crc, const uint8_t *p, unsigned long n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Changes a few words of buf each round so CRC and copy see new data. */
static NOINLINE void stir(void)
{
	for (int i = 0; i < 64; i++) {
		uint64_t r = rng();
		buf[r % BUF_SIZE] ^= (uint8_t)(r >> 56);
	}
}

static NOINLINE uint64_t run_sieve(unsigned limit)
{
	for (unsigned i = 0; i < limit; i++)
		sieve[i] = 1;
	sieve[0] = sieve[1] = 0;
	for (unsigned i = 2; i * i < limit; i++) {
		if (!sieve[i])
			continue;
		for (unsigned j = i * i; j < limit; j += i)
			sieve[j] = 0;
	}
	uint64_t count = 0, sum = 0;
	for (unsigned i = 0; i < limit; i++) {
		if (sieve[i]) {
			count++;
			sum += i;
		}
	}
	return (count << 32) ^ sum;
}

static NOINLINE uint64_t mix(uint64_t seed, int steps)
{
	uint64_t a = seed | 1, b = seed ^ 0x5851f42d4c957f2dULL, acc = 0;
	for (int i = 0; i < steps; i++) {
		uint64_t hi = (uint64_t)(((unsigned __int128)a * b) >> 64);
		int64_t shi = (int64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
		uint64_t lo = a * b;
		/* Divisors are kept >= 2 in magnitude: no division by zero and no
		 * INT64_MIN / -1, which the host would trap on. */
		uint64_t ud = (b >> 17) | 2;
		int64_t sd = -(int64_t)((a >> 33) | 2);
		uint64_t q = lo / ud;
		uint64_t r = hi % ud;
		int64_t sq = (int64_t)lo / sd;
		int64_t sr = shi % sd;
		uint32_t w = (uint32_t)a / ((uint32_t)b | 3u);
		acc += q ^ (r << 7) ^ (uint64_t)sq ^ ((uint64_t)sr << 13) ^ w;
		a = lo + hi + 0x9e3779b97f4a7c15ULL;
		b = (b << 13 | b >> 51) ^ acc;
	}
	return acc;
}

static void swap(uint32_t *a, uint32_t *b)
{
	uint32_t t = *a;
	*a = *b;
	*b = t;
}

static NOINLINE void quicksort(uint32_t *v, int lo, int hi)
{
	while (lo < hi) {
		uint32_t pivot = v[lo + (hi - lo) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				swap(&v[i], &v[j]);
				i++;
				j--;
			}
		}
		/* Recurse into the smaller half, loop on the larger: bounded stack. */
		if (j - lo < hi - i) {
			quicksort(v, lo, j);
			lo = i;
		} else {
			quicksort(v, i, hi);
			hi = j;
		}
	}
}

static NOINLINE uint64_t run_sort(void)
{
	for (int i = 0; i < SORT_N; i++)
		sort_arr[i] = (uint32_t)(rng() >> 32);
	quicksort(sort_arr, 0, SORT_N - 1);
	uint64_t h = 0;
	for (int i = 0; i < SORT_N; i++) {
		if (i > 0 && sort_arr[i - 1] > sort_arr[i])
			h ^= 0xdeadull << 48; /* unsorted: poison the checksum */
		h = h * 31 + sort_arr[i];
	}
	return h;
}

/* Word copy with a byte tail, at an offset that varies, so both aligned and
 * misaligned-start paths are used. */
static NOINLINE uint64_t run_copy(unsigned off)
{
	uint8_t *d = copy_buf + (off & 7);
	unsigned long n = BUF_SIZE - (off & 7);
	uint64_t *dw = copy_words;
	const uint64_t *sw = buf_words;
	for (unsigned long i = 0; i < BUF_SIZE / 8; i++)
		dw[i] = sw[i];
	for (unsigned long i = 0; i < n; i++)
		d[i] = buf[i];
	uint64_t h = 0;
	for (unsigned long i = 0; i < BUF_SIZE / 8; i++)
		h = (h ^ dw[i]) * 0x100000001b3ULL;
	return h;
}

int main(void)
{
	uint64_t crc_acc = 0, primes = 0, mix_acc = 0, sort_acc = 0, copy_acc = 0;

	crc_init();
	for (int i = 0; i < BUF_SIZE; i++)
		buf[i] = (uint8_t)(rng() >> 40);

	for (int round = 0; round < ROUNDS; round++) {
		stir();
		uint32_t c = crc32((uint32_t)round, buf, BUF_SIZE);
		crc_acc = (crc_acc << 5 | crc_acc >> 59) ^ c;
		primes += run_sieve(SIEVE_SIZE - (unsigned)(round & 255));
		mix_acc ^= mix(crc_acc + (uint64_t)round, MIX_STEPS);
		sort_acc += run_sort();
		copy_acc ^= run_copy((unsigned)round) + (uint64_t)round;
	}

	uint64_t sum = crc_acc;
	sum = sum * 0x100000001b3ULL ^ primes;
	sum = sum * 0x100000001b3ULL ^ mix_acc;
	sum = sum * 0x100000001b3ULL ^ sort_acc;
	sum = sum * 0x100000001b3ULL ^ copy_acc;

	putstr("parts crc=");
	puthex(crc_acc, 16);
	putstr(" primes=");
	puthex(primes, 16);
	putstr(" mix=");
	puthex(mix_acc, 16);
	putstr(" sort=");
	puthex(sort_acc, 16);
	putstr(" copy=");
	puthex(copy_acc, 16);
	putstr("\nchecksum 0x");
	puthex(sum, 16);
	putstr("\n");
#ifndef HOST
	/* Read last so the count covers (almost) the whole run. */
	uint64_t n = read_minstret();
	putstr("minstret ");
	putdec(n);
	putstr("\n");
#endif
	return 0;
}
