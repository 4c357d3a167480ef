/* C with picolibc: the string and memory functions (memcpy, memmove with
 * overlap, memset, memcmp, strlen, strcmp, strncmp, strcpy, strchr,
 * strrchr, strstr), strtoul/strtol with bases, qsort, and a hand-written
 * decimal formatter, on unaligned and aligned buffers. */
#include <stdlib.h>
#include <string.h>
#include "guest.h"

GUEST_NAME("c_string");

static char buf[256], buf2[256];

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Format v in decimal into out; returns the length. */
static int utoa10(uint64_t v, char *out)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
	return n;
}

int main(void)
{
	const char *msg = "The quick brown fox jumps over the lazy dog";
	size_t len = strlen(msg);
	EXPECT(1, len == 43);

	/* memcpy to every alignment, then compare. */
	for (int off = 0; off < 8; off++) {
		memset(buf, 0x55, sizeof buf);
		memcpy(buf + off, msg, len + 1);
		EXPECT(2, memcmp(buf + off, msg, len + 1) == 0);
		EXPECT(3, off == 0 || (unsigned char)buf[off - 1] == 0x55);
		EXPECT(4, strcmp(buf + off, msg) == 0);
	}
	/* Overlapping moves both ways. */
	strcpy(buf, "0123456789abcdef");
	memmove(buf + 3, buf, 10);
	EXPECT(5, memcmp(buf, "0120123456789def", 16) == 0);
	strcpy(buf, "0123456789abcdef");
	memmove(buf, buf + 5, 12);
	EXPECT(6, strcmp(buf, "56789abcdef") == 0);

	EXPECT(7, strncmp("abcdef", "abcxyz", 3) == 0);
	EXPECT(8, strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0);
	EXPECT(9, strchr(msg, 'q') == msg + 4);
	EXPECT(10, strrchr(msg, 'o') == msg + 41);
	EXPECT(11, strstr(msg, "lazy") == msg + 35);
	EXPECT(12, strstr(msg, "cat") == NULL);

	EXPECT(13, strtoul("ff", NULL, 16) == 255);
	EXPECT(14, strtoul("777", NULL, 8) == 511);
	EXPECT(15, strtol("-12345", NULL, 10) == -12345);
	EXPECT(16, strtoul("0x7fffffffffffffff", NULL, 0) == 0x7fffffffffffffffUL);
	char *end;
	EXPECT(17, strtol("42abc", &end, 10) == 42 && *end == 'a');

	int v[10] = {5, -3, 9, 0, 2, 2, -8, 7, 1, 4};
	qsort(v, 10, sizeof v[0], cmp_int);
	for (int i = 1; i < 10; i++)
		EXPECT(18, v[i - 1] <= v[i]);
	EXPECT(19, v[0] == -8 && v[9] == 9);

	/* Decimal formatting round trip. */
	uint64_t vals[] = {0, 1, 9, 10, 255, 1000000007, 18446744073709551615ull};
	for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		int n = utoa10(vals[i], buf2);
		EXPECT(20, n == (int)strlen(buf2));
		EXPECT(21, strtoull(buf2, NULL, 10) == vals[i]);
	}
	utoa10(len, buf2);
	uart_puts("c_string: strlen = ");
	uart_puts(buf2);
	uart_putc('\n');
	return 0;
}
