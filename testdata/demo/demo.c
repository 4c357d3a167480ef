/*
 * The built-in demo guest of vmcore: a bare-metal RV64 program that greets
 * the user through the 16550 UART, computes a few things to show the hart
 * at work, reads the board's virtual clock, and powers off through the
 * sifive_test finisher. It runs the same under `vmcore` and under
 * `qemu-system-riscv64 -machine virt -bios none -kernel demo.elf`.
 */
#include <stdint.h>

#define UART_BASE 0x10000000UL
#define UART_THR  0
#define UART_LSR  5
#define LSR_THRE  0x20
#define MTIME     ((volatile uint64_t *)0x200bff8UL)

static void putc(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
	while ((uart[UART_LSR] & LSR_THRE) == 0)
		;
	uart[UART_THR] = (uint8_t)c;
}

static void puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc('\r');
		putc(*s++);
	}
}

static void putu(uint64_t v)
{
	char buf[21];
	int i = sizeof buf - 1;
	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	puts(&buf[i]);
}

static void puthex(uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		putc(digits[(v >> shift) & 15]);
}

/* primes below 100 by a sieve */
static void primes(void)
{
	static uint8_t composite[100];
	int count = 0;
	puts("  primes below 100:");
	for (int i = 2; i < 100; i++) {
		if (composite[i])
			continue;
		count++;
		puts(" ");
		putu((uint64_t)i);
		for (int j = i * i; j < 100; j += i)
			composite[j] = 1;
	}
	puts("  (");
	putu((uint64_t)count);
	puts(" of them)\n");
}

static uint64_t fib(unsigned n)
{
	uint64_t a = 0, b = 1;
	while (n--) {
		uint64_t t = a + b;
		a = b;
		b = t;
	}
	return a;
}

/* CRC-32 (IEEE) of a string, bit by bit */
static uint32_t crc32(const char *s)
{
	uint32_t crc = 0xffffffffu;
	while (*s) {
		crc ^= (uint8_t)*s++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

int main(void)
{
	uint64_t hart, misa, t0, t1;
	__asm__ volatile("csrr %0, mhartid" : "=r"(hart));
	__asm__ volatile("csrr %0, misa" : "=r"(misa));
	t0 = *MTIME;

	puts("\n");
	puts("  +--------------------------------------------+\n");
	puts("  |  vmcore demo guest: hello from RISC-V!     |\n");
	puts("  +--------------------------------------------+\n");
	puts("  running on hart ");
	putu(hart);
	puts(", misa ");
	puthex(misa);
	puts(" (");
	for (int i = 0; i < 26; i++)
		if (misa & (1UL << i))
			putc((char)('a' + i));
	puts(")\n");

	primes();
	puts("  fib(90) = ");
	putu(fib(90));
	puts("\n  crc32(\"vmcore\") = ");
	puthex(crc32("vmcore"));
	puts("\n  7! * 11 / 3 = ");
	uint64_t f = 1;
	for (uint64_t i = 2; i <= 7; i++)
		f *= i;
	putu(f * 11 / 3);

	t1 = *MTIME;
	puts("\n  mtime ticks spent: ");
	putu(t1 - t0);
	puts("\n  bye!\n\n");
	return 0;
}
