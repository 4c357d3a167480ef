/* Sv39 translation from S- and U-mode: identity and offset mappings with
 * 4 KiB, 2 MiB and 1 GiB pages; hardware A/D updates; permission faults
 * (read-only, execute-only, no-execute, W without R, U pages from S with
 * and without SUM, S pages from U, MXR) with the right cause and mtval;
 * invalid, misaligned-superpage and non-canonical addresses; sfence.vma
 * making a changed PTE visible. Faults go to M (no delegation here). */
#include "test.h"
#include "vm.h"

#define VA_L0 0x40200000                /* l1[1] -> l0 table */
#define VA_RO (VA_L0 + 0x0000)          /* page_a R */
#define VA_USER (VA_L0 + 0x1000)        /* page_a RW U */
#define VA_XO (VA_L0 + 0x2000)          /* page_a X */
#define VA_INVALID (VA_L0 + 0x3000)     /* V = 0 */
#define VA_NX (VA_L0 + 0x4000)          /* code page R, no X */
#define VA_AD (VA_L0 + 0x5000)          /* page_b RW, A = D = 0 */
#define VA_CODE (VA_L0 + 0x6000)        /* code page RX */
#define VA_WONLY (VA_L0 + 0x7000)       /* page_a W only: reserved */
#define VA_REMAP (VA_L0 + 0x8000)       /* page_a RW, then page_b */
#define VA_D (VA_L0 + 0x9000)           /* page_b RW, A = 1, D = 0 */
#define VA_UCODE (VA_L0 + 0xa000)       /* code page RX U */
#define VA_MEGA 0x40000000              /* l1[0]: 2 MiB at VM_MEGA_PA */
#define VA_MEGA_BAD 0x40400000          /* l1[2]: misaligned PPN */
#define VA_GIGA_OFF 0xC0000000          /* root[3]: 1 GiB at 0x80000000 */
#define VA_GIGA_BAD 0x100000000         /* root[4]: misaligned PPN */
#define VA_NONCANON 0x4000000000        /* bit 38 set, bits 63:39 clear */

#define ADF (PTE_A | PTE_D)

TEST_BEGIN("sv39")
        /* Build the tables (M-mode, translation off). */
        SET_PTE_ABS(root, 0, 0x00000000, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_SYM(root, 1, l1, PTE_V)
        SET_PTE_ABS(root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | ADF)
        SET_PTE_ABS(root, 3, 0x80000000, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_ABS(root, 4, 0x80200000, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_ABS(l1, 0, VM_MEGA_PA, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_SYM(l1, 1, l0, PTE_V)
        SET_PTE_ABS(l1, 2, VM_MEGA_PA + 0x1000, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_SYM(l0, 0, page_a, PTE_V | PTE_R | ADF)
        SET_PTE_SYM(l0, 1, page_a, PTE_V | PTE_R | PTE_W | PTE_U | ADF)
        SET_PTE_SYM(l0, 2, page_a, PTE_V | PTE_X | ADF)
        SET_PTE_SYM(l0, 3, page_a, PTE_R | PTE_W | ADF)
        SET_PTE_SYM(l0, 4, vm_code_page, PTE_V | PTE_R | ADF)
        SET_PTE_SYM(l0, 5, page_b, PTE_V | PTE_R | PTE_W)
        SET_PTE_SYM(l0, 6, vm_code_page, PTE_V | PTE_R | PTE_X | ADF)
        SET_PTE_SYM(l0, 7, page_a, PTE_V | PTE_W | ADF)
        SET_PTE_SYM(l0, 8, page_a, PTE_V | PTE_R | PTE_W | ADF)
        SET_PTE_SYM(l0, 9, page_b, PTE_V | PTE_R | PTE_W | PTE_A)
        SET_PTE_SYM(l0, 10, vm_code_page, PTE_V | PTE_R | PTE_X | PTE_U | ADF)
        /* A value in the megapage target. */
        li t0, VM_MEGA_PA + 0x1238
        li t1, 0x600dbeef
        sd t1, 0(t0)
        SET_SATP(SATP_SV39, root)
        TEST_CASE(1, a4, SATP_SV39, csrr a4, satp; srli a4, a4, 60; slli a4, a4, 60)
        GOTO_S(2)

        /* 4 KiB read-only page: loads work, stores fault with tval = va. */
        TEST_CASE(2, a4, PAGE_A_VAL, li a1, VA_RO; ld a4, 0(a1))
        TEST_TRAP(3, CAUSE_STORE_PAGE_FAULT, li a1, VA_RO + 8; sv39_3: sd a4, 0(a1))
        CHECK_EPC(sv39_3)
        CHECK_TVAL(VA_RO + 8)
        /* A U page from S: faults without SUM, works with it. */
        TEST_TRAP(4, CAUSE_LOAD_PAGE_FAULT, li a1, VA_USER + 16; ld a4, 0(a1))
        CHECK_TVAL(VA_USER + 16)
        TEST_TRAP(5, CAUSE_STORE_PAGE_FAULT, li a1, VA_USER + 16; sd a4, 0(a1))
        li t0, MSTATUS_SUM
        csrs sstatus, t0
        TEST_CASE(6, a4, PAGE_A_VAL, li a1, VA_USER; ld a4, 0(a1))
        /* SUM never allows S to execute U pages. */
        TEST_TRAP(7, CAUSE_FETCH_PAGE_FAULT, li a1, VA_UCODE; jalr a1)
        CHECK(a1, VA_UCODE)
        CHECK_TVAL(VA_UCODE)
        li t0, MSTATUS_SUM
        csrc sstatus, t0
        /* Execute-only: loads fault unless MXR. */
        TEST_TRAP(8, CAUSE_LOAD_PAGE_FAULT, li a1, VA_XO; ld a4, 0(a1))
        CHECK_TVAL(VA_XO)
        li t0, MSTATUS_MXR
        csrs sstatus, t0
        TEST_CASE(9, a4, PAGE_A_VAL, li a1, VA_XO; ld a4, 0(a1))
        TEST_TRAP(10, CAUSE_STORE_PAGE_FAULT, li a1, VA_XO; sd a4, 0(a1))
        li t0, MSTATUS_MXR
        csrc sstatus, t0
        /* Invalid PTE. */
        TEST_TRAP(11, CAUSE_LOAD_PAGE_FAULT, li a1, VA_INVALID + 0x123; lbu a4, 0(a1))
        CHECK_TVAL(VA_INVALID + 0x123)
        TEST_TRAP(12, CAUSE_STORE_PAGE_FAULT, li a1, VA_INVALID; sb a4, 0(a1))
        /* Fetch from a readable, non-executable page: mepc = mtval = va. */
        TEST_TRAP(13, CAUSE_FETCH_PAGE_FAULT, li a1, VA_NX; jalr a1)
        CHECK(a1, VA_NX)
        CHECK_TVAL(VA_NX)
        /* Executing at an offset mapping: auipc sees the virtual pc. */
        TEST_CASE(14, a0, VA_CODE, li a1, VA_CODE; jalr a1)
        /* W without R is reserved: any access faults. */
        TEST_TRAP(15, CAUSE_LOAD_PAGE_FAULT, li a1, VA_WONLY; ld a4, 0(a1))
        TEST_TRAP(16, CAUSE_STORE_PAGE_FAULT, li a1, VA_WONLY; sd a4, 0(a1))
        CHECK_TVAL(VA_WONLY)
        /* Hardware A/D update: a load sets A, a store sets A and D. */
        TEST_CASE(17, a4, PAGE_B_VAL, li a1, VA_AD; ld a4, 0(a1))
        TEST_CASE(18, a4, PTE_A, LOAD_SYM(a4, l0 + 5 * 8); andi a4, a4, PTE_A | PTE_D)
        TEST_CASE(19, a4, PTE_A | PTE_D, li a1, VA_AD; sd zero, 8(a1); LOAD_SYM(a4, l0 + 5 * 8); andi a4, a4, PTE_A | PTE_D)
        TEST_CASE(20, a4, PTE_A | PTE_D, li a1, VA_D; sd zero, 16(a1); LOAD_SYM(a4, l0 + 9 * 8); andi a4, a4, PTE_A | PTE_D)
        /* 2 MiB megapage. */
        TEST_CASE(21, a4, 0x600dbeef, li a1, VA_MEGA + 0x1238; ld a4, 0(a1))
        TEST_CASE(22, a4, 0x77, li a1, VA_MEGA + 0x1fff00; li a2, 0x77; sd a2, 0(a1); li a1, VM_MEGA_PA + 0x1fff00; ld a4, 0(a1))
        /* Misaligned megapage PPN: page fault. */
        TEST_TRAP(23, CAUSE_LOAD_PAGE_FAULT, li a1, VA_MEGA_BAD + 8; ld a4, 0(a1))
        CHECK_TVAL(VA_MEGA_BAD + 8)
        /* 1 GiB offset mapping: 0xC0000000 + x reads 0x80000000 + x. */
        TEST_CASE(24, a4, PAGE_A_VAL, la a1, page_a; li a2, VA_GIGA_OFF - 0x80000000; add a1, a1, a2; ld a4, 0(a1))
        TEST_TRAP(25, CAUSE_FETCH_PAGE_FAULT, la a1, vm_code_page; li a2, VA_GIGA_OFF - 0x80000000; add a1, a1, a2; jalr a1)
        /* Misaligned gigapage PPN. */
        TEST_TRAP(26, CAUSE_LOAD_PAGE_FAULT, li a1, VA_GIGA_BAD; ld a4, 0(a1))
        /* Non-canonical address: page fault, tval = the address. */
        TEST_TRAP(27, CAUSE_LOAD_PAGE_FAULT, li a1, VA_NONCANON; ld a4, 0(a1))
        CHECK_TVAL(VA_NONCANON)
        TEST_TRAP(28, CAUSE_STORE_PAGE_FAULT, li a1, 0xffffff0000000000; sd a4, 0(a1))
        CHECK_TVAL(0xffffff0000000000)
        /* sfence.vma: change a mapping, flush, see the new page. */
        TEST_CASE(29, a4, PAGE_A_VAL, li a1, VA_REMAP; ld a4, 0(a1))
        la t0, page_b
        SET_PTE_REG(l0, 8, t0, PTE_V | PTE_R | PTE_W | ADF)
        TEST_CASE(30, a4, PAGE_B_VAL, li a1, VA_REMAP; sfence.vma a1, zero; ld a4, 0(a1))
        la t0, page_a
        SET_PTE_REG(l0, 8, t0, PTE_V | PTE_R | PTE_W | ADF)
        TEST_CASE(31, a4, PAGE_A_VAL, sfence.vma; li a1, VA_REMAP; ld a4, 0(a1))
        /* Unmap it: the next access faults. */
        TEST_TRAP(32, CAUSE_LOAD_PAGE_FAULT, la t1, l0 + 8 * 8; sd zero, 0(t1); sfence.vma; li a1, VA_REMAP; ld a4, 0(a1))
        GOTO_M(33)

        /* U-mode: runs code in a U page, reads a U page, cannot read S pages. */
        li TESTNUM, 33
        la a0, 1f
        li a1, VA_USER
        li a2, 0
        GOTO_U_VA(VA_UCODE + VM_UCODE_OFF)
1:      CHECK(a2, PAGE_A_VAL)
        TEST_TRAP_TO_M(34, CAUSE_LOAD_PAGE_FAULT, la a0, fail; li a1, VA_RO; GOTO_U_VA(VA_UCODE + VM_UCODE_OFF))
        CHECK(a1, VA_UCODE + VM_UCODE_OFF)
        CHECK_TVAL(VA_RO)
        srli a3, a3, 11
        andi a3, a3, 3
        CHECK(a3, 0)
        /* SUM does not matter to U. */
        li t0, MSTATUS_SUM
        csrs mstatus, t0
        TEST_TRAP_TO_M(35, CAUSE_LOAD_PAGE_FAULT, la a0, fail; li a1, VA_RO; GOTO_U_VA(VA_UCODE + VM_UCODE_OFF))
        /* U cannot execute an S page. */
        TEST_TRAP_TO_M(36, CAUSE_FETCH_PAGE_FAULT, GOTO_U_VA(VA_CODE))
        CHECK_TVAL(VA_CODE)
        li t0, MSTATUS_SUM
        csrc mstatus, t0
        csrw satp, zero
        sfence.vma
        TEST_PASS

        VM_COMMON_PAGES

        .bss
        .balign 4096
root:   .fill 512, 8, 0
l1:     .fill 512, 8, 0
l0:     .fill 512, 8, 0
