/* guest.h: what the C guest programs need from the harness (crt.S). */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include "test.h"

/* Provided by crt.S. */
void uart_putc(int c);
void uart_puts(const char *s);

/* Each program names itself; crt.S prints "<name>: PASS" or FAIL. */
#define GUEST_NAME(n) const char test_name[] = n

/* Fail with code n (1..255) when cond is false: main returns it. */
#define EXPECT(n, cond) do { if (!(cond)) return (n); } while (0)

static inline uint64_t read_csr_cycle(void)
{
	uint64_t v;
	__asm__ volatile("rdcycle %0" : "=r"(v));
	return v;
}

#endif
