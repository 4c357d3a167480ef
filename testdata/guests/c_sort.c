/* C compiled for rv64imac (so most of it is compressed code): quicksort and
 * insertion sort of pseudo-random 64-bit keys, a binary search, and 128-bit
 * and division arithmetic through libgcc, checked against invariants
 * computed on the fly (order, permutation checksum). */
#include "guest.h"

GUEST_NAME("c_sort");

#define N 512

static uint64_t keys[N], copy[N];

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	/* xorshift64*: full-period, cheap, exercises shifts and mul. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void quicksort(uint64_t *a, long lo, long hi)
{
	while (lo < hi) {
		uint64_t pivot = a[lo + (hi - lo) / 2];
		long i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				uint64_t t = a[i];
				a[i] = a[j];
				a[j] = t;
				i++;
				j--;
			}
		}
		/* Recurse on the smaller side to bound the stack. */
		if (j - lo < hi - i) {
			quicksort(a, lo, j);
			lo = i;
		} else {
			quicksort(a, i, hi);
			hi = j;
		}
	}
}

static void insertion_sort(int64_t *a, int n)
{
	for (int i = 1; i < n; i++) {
		int64_t v = a[i];
		int j = i - 1;
		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

static int bsearch_u64(const uint64_t *a, int n, uint64_t key)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (a[mid] == key)
			return mid;
		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int main(void)
{
	uint64_t sum = 0, xr = 0;
	for (int i = 0; i < N; i++) {
		keys[i] = copy[i] = rng();
		sum += keys[i];
		xr ^= keys[i];
	}
	quicksort(keys, 0, N - 1);
	uint64_t sum2 = 0, xr2 = 0;
	for (int i = 0; i < N; i++) {
		sum2 += keys[i];
		xr2 ^= keys[i];
		if (i > 0)
			EXPECT(1, keys[i - 1] <= keys[i]);
	}
	EXPECT(2, sum == sum2 && xr == xr2);
	for (int i = 0; i < N; i += 7)
		EXPECT(3, keys[bsearch_u64(keys, N, copy[i])] == copy[i]);

	/* Signed sort of the same values as int64: negatives first. */
	insertion_sort((int64_t *)copy, N);
	for (int i = 1; i < N; i++)
		EXPECT(4, (int64_t)copy[i - 1] <= (int64_t)copy[i]);

	/* 128-bit multiply and 64-bit division identities. */
	for (int i = 0; i < 64; i++) {
		uint64_t a = rng(), b = rng() | 1;
		unsigned __int128 p = (unsigned __int128)a * b;
		EXPECT(5, (uint64_t)(p / b) == a && (uint64_t)(p % b) == 0);
		EXPECT(6, (a / b) * b + a % b == a);
		int64_t sa = (int64_t)a, sb = (int64_t)b >> (i & 31);
		if (sb != 0)
			EXPECT(7, (sa / sb) * sb + sa % sb == sa);
	}
	uart_puts("c_sort: sorted 512 keys\n");
	return 0;
}
