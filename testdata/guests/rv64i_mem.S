/* RV64I loads and stores of every width: sign and zero extension, positive
 * and negative offsets, little-endian byte order, partial overwrites, and
 * misaligned loads and stores, which succeed on this board (as on QEMU and
 * Spike) instead of trapping. */
#include "test.h"

#define TEST_LD(n, inst, result, offset, base) \
        TEST_CASE(n, a4, result, la a1, base; inst a4, offset(a1))

#define TEST_ST(n, ldinst, stinst, result, offset, base) \
        TEST_CASE(n, a4, result, la a1, base; li a2, result; stinst a2, offset(a1); ldinst a4, offset(a1))

TEST_BEGIN("rv64i_mem")
        TEST_LD(1, lb, 0xffffffffffffff80, 0, src)
        TEST_LD(2, lbu, 0x0000000000000080, 0, src)
        TEST_LD(3, lb, 0x0000000000000001, 1, src)
        TEST_LD(4, lh, 0xffffffffffff8180, 2, src)
        TEST_LD(5, lhu, 0x0000000000008180, 2, src)
        TEST_LD(6, lh, 0x0000000000000180, 0, src)
        TEST_LD(7, lw, 0xffffffff83828180, 4, src)
        TEST_LD(8, lwu, 0x0000000083828180, 4, src)
        TEST_LD(9, lw, 0xffffffff81800180, 0, src)
        TEST_LD(10, ld, 0x8786858483828180, 8, src)
        TEST_LD(11, ld, 0x8382818081800180, 0, src)
        TEST_LD(12, lb, 0xffffffffffffff87, -1, src + 16)
        TEST_LD(13, lw, 0xffffffff87868584, -4, src + 16)
        TEST_LD(14, lhu, 0x0000000000007f7e, 16, src)
        TEST_LD(15, lwu, 0x000000007f7e7f7e, 16, src)
        TEST_ST(16, ld, sd, 0x0123456789abcdef, 0, dst)
        TEST_ST(17, lw, sw, 0xffffffffaabbccdd, 8, dst)
        TEST_ST(18, lwu, sw, 0x00000000aabbccdd, 12, dst)
        TEST_ST(19, lh, sh, 0xffffffffffffbeef, 16, dst)
        TEST_ST(20, lhu, sh, 0x000000000000beef, 18, dst)
        TEST_ST(21, lb, sb, 0xffffffffffffffef, 20, dst)
        TEST_ST(22, lbu, sb, 0x00000000000000ef, 21, dst)
        TEST_ST(23, ld, sd, 0xfedcba9876543210, -8, dst + 32)
        /* A narrow store changes only its bytes; order is little-endian. */
        TEST_CASE(24, a4, 0x0123456789ab55ef, la a1, dst; li a2, 0x55; sb a2, 1(a1); ld a4, 0(a1))
        TEST_CASE(25, a4, 0x01234567dead55ef, la a1, dst; li a2, 0xdead; sh a2, 2(a1); ld a4, 0(a1))
        TEST_CASE(26, a4, 0xcafef00ddead55ef, la a1, dst; li a2, 0xcafef00d; sw a2, 4(a1); ld a4, 0(a1))
        TEST_CASE(27, a4, 0xffffffffffffffad, la a1, dst; lb a4, 2(a1))
        /* Loads into x0 are performed and discarded. */
        TEST_CASE(28, zero, 0, la a1, src; ld zero, 0(a1))
        /* Misaligned accesses succeed. */
        TEST_LD(29, lh, 0xffffffffffff8001, 1, src)
        TEST_LD(30, lw, 0xffffffff82818081, 3, src)
        TEST_LD(31, ld, 0x8083828180818001, 1, src)
        TEST_LD(32, ld, 0x7e87868584838281, 9, src)
        TEST_LD(33, lwu, 0x0000000080838281, 5, src)
        TEST_ST(34, ld, sd, 0x1122334455667788, 3, dst)
        TEST_ST(35, lw, sw, 0x0000000055667788, 13, dst)
        TEST_ST(36, lh, sh, 0x0000000000007788, 23, dst)
        TEST_CASE(37, a4, 0x6677880000000000, la a1, dst; sd zero, 40(a1); sd zero, 48(a1); li a2, 0x0155667788; sd a2, 45(a1); ld a4, 40(a1))
        TEST_CASE(38, a4, 0x0000000000000155, la a1, dst; ld a4, 48(a1))
        TEST_PASS

        .data
        .align 4
src:    .byte 0x80, 0x01, 0x80, 0x81, 0x80, 0x81, 0x82, 0x83
        .byte 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87
        .byte 0x7e, 0x7f, 0x7e, 0x7f, 0, 0, 0, 0
        .align 4
dst:    .fill 64, 1, 0
