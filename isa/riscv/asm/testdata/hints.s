# Compressed HINT encodings that GNU as accepts when written explicitly:
# rd = x0 (or a zero immediate) in forms that are otherwise reserved. They
# execute as no-ops.
	.globl _start
_start:
	c.add zero, a0
	c.add zero, sp
	c.mv zero, a0
	c.li zero, 5
	c.li zero, 0
	c.li zero, -32
	c.slli zero, 3
	c.slli zero, 63
	c.addi a0, 0
	c.addi zero, 3
	c.addi zero, 0
	c.lui zero, 1
	c.lui zero, 0xfffff
	c.lui zero, 0xfffe0
	c.nop 3
	c.nop -32
	c.nop 31
	c.slli64 a0
	c.slli64 zero
	c.slli64 sp
	c.srli64 a0
	c.srai64 s1
	ret
