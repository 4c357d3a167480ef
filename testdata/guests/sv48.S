/* Sv48 translation: a four-level walk to a 4 KiB page, 1 GiB pages under
 * the root, a 512 GiB leaf at the root, addresses beyond Sv39's 39 bits,
 * non-canonical addresses, A/D updates at the last level, and permission
 * faults with the right mtval. */
#include "test.h"
#include "vm.h"

#define VA_4LVL 0x10000000000           /* root[2] -> l2b -> l1b -> l0b[0] */
#define VA_TERA 0x8000000000            /* root[1]: 512 GiB at PA 0 */
#define VA_HIGH 0x4000000000            /* root[0] -> l2[256]: 1 GiB at RAM */
#define VA_NONCANON 0x800000000000      /* bit 47 set, bits 63:48 clear */

#define ADF (PTE_A | PTE_D)

TEST_BEGIN("sv48")
        SET_PTE_SYM(root, 0, l2, PTE_V)
        SET_PTE_ABS(root, 1, 0x0, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_SYM(root, 2, l2b, PTE_V)
        SET_PTE_ABS(l2, 0, 0x00000000, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_ABS(l2, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | ADF)
        SET_PTE_ABS(l2, 256, 0x80000000, PTE_V | PTE_R | ADF)
        SET_PTE_SYM(l2b, 0, l1b, PTE_V)
        SET_PTE_SYM(l1b, 0, l0b, PTE_V)
        SET_PTE_SYM(l0b, 0, page_a, PTE_V | PTE_R | PTE_W)
        SET_PTE_SYM(l0b, 1, page_b, PTE_V | PTE_R | ADF)
        SET_PTE_SYM(l0b, 2, vm_code_page, PTE_V | PTE_X | ADF)
        SET_SATP(SATP_SV48, root)
        TEST_CASE(1, a4, 9, csrr a4, satp; srli a4, a4, 60)
        GOTO_S(2)
        /* Four levels down to a 4 KiB page, with A then D set by hardware. */
        TEST_CASE(2, a4, PAGE_A_VAL, li a1, VA_4LVL; ld a4, 0(a1))
        TEST_CASE(3, a4, PTE_A, LOAD_SYM(a4, l0b); andi a4, a4, PTE_A | PTE_D)
        TEST_CASE(4, a4, PTE_A | PTE_D, li a1, VA_4LVL; sd zero, 8(a1); LOAD_SYM(a4, l0b); andi a4, a4, PTE_A | PTE_D)
        TEST_CASE(5, a4, PAGE_B_VAL, li a1, VA_4LVL + 0x1000; ld a4, 0(a1))
        TEST_TRAP(6, CAUSE_STORE_PAGE_FAULT, li a1, VA_4LVL + 0x1010; sd a4, 0(a1))
        CHECK_TVAL(VA_4LVL + 0x1010)
        /* Execute-only page four levels down. */
        TEST_CASE(7, a0, VA_4LVL + 0x2000, li a1, VA_4LVL + 0x2000; jalr a1)
        TEST_TRAP(8, CAUSE_LOAD_PAGE_FAULT, li a1, VA_4LVL + 0x2000; ld a4, 0(a1))
        /* Unmapped slot in the last level. */
        TEST_TRAP(9, CAUSE_LOAD_PAGE_FAULT, li a1, VA_4LVL + 0x3008; ld a4, 0(a1))
        CHECK_TVAL(VA_4LVL + 0x3008)
        /* 512 GiB leaf at the root: VA_TERA + pa reads pa. */
        TEST_CASE(10, a4, PAGE_A_VAL, la a1, page_a; li a2, VA_TERA; add a1, a1, a2; ld a4, 0(a1))
        /* Beyond 39 bits through a 1 GiB page. */
        TEST_CASE(11, a4, PAGE_B_VAL, la a1, page_b; li a2, VA_HIGH - 0x80000000; add a1, a1, a2; ld a4, 0(a1))
        TEST_TRAP(12, CAUSE_STORE_PAGE_FAULT, la a1, page_b; li a2, VA_HIGH - 0x80000000; add a1, a1, a2; sd a4, 0(a1))
        /* Non-canonical for Sv48. */
        TEST_TRAP(13, CAUSE_LOAD_PAGE_FAULT, li a1, VA_NONCANON; ld a4, 0(a1))
        CHECK_TVAL(VA_NONCANON)
        TEST_TRAP(14, CAUSE_FETCH_PAGE_FAULT, li a1, VA_NONCANON; jalr a1)
        CHECK_TVAL(VA_NONCANON)
        /* Negative canonical addresses are fine to walk; nothing is mapped there. */
        TEST_TRAP(15, CAUSE_LOAD_PAGE_FAULT, li a1, 0xffff800000000000; ld a4, 0(a1))
        CHECK_TVAL(0xffff800000000000)
        GOTO_M(16)
        csrw satp, zero
        sfence.vma
        TEST_PASS

        VM_COMMON_PAGES

        .bss
        .balign 4096
root:   .fill 512, 8, 0
l2:     .fill 512, 8, 0
l2b:    .fill 512, 8, 0
l1b:    .fill 512, 8, 0
l0b:    .fill 512, 8, 0
