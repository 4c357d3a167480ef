/* Helpers shared by the board's test programs. */
#define UART     0x10000000
#define FINISHER 0x100000
#define CLINT    0x2000000
#define MTIMECMP (CLINT + 0x4000)
#define MTIME    (CLINT + 0xbff8)
#define PLIC     0xc000000

/* Exit through the sifive_test finisher. */
#define PASS          li t0, FINISHER; li t1, 0x5555; sw t1, 0(t0); 1: j 1b
#define FAIL(code)    li t0, FINISHER; li t1, (0x3333 | ((code) << 16)); sw t1, 0(t0); 1: j 1b

/* putc: a0 = byte; waits for THRE. Clobbers t0, t1. */
.macro PUTC_FN
putc:
	li t0, UART
1:	lbu t1, 5(t0)
	andi t1, t1, 0x20
	beqz t1, 1b
	sb a0, 0(t0)
	ret
.endm

/* puts: a0 = NUL-terminated string. Clobbers a0, a1, t0, t1. */
.macro PUTS_FN
puts:
	mv a1, a0
	mv t2, ra
2:	lbu a0, 0(a1)
	beqz a0, 3f
	call putc
	addi a1, a1, 1
	j 2b
3:	mv ra, t2
	ret
.endm
