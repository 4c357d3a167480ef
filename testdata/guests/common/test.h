/*
 * test.h: constants and riscv-tests-style macros shared by the guest programs.
 *
 * Conventions (see crt.S):
 *   gp (x3)  holds the number of the test case being run (TESTNUM). A failing
 *            program exits through the sifive_test finisher with that number
 *            as its code, so a failure names the case that failed.
 *   t2 (x7)  is the scratch register the checking macros compare against.
 *   ecall with a7 = SYS_EXIT ends the program (a0 = 0 pass, else fail code);
 *   ecall with a7 = SYS_TO_M continues in M-mode at the address in a0.
 *   Both work from any privilege level; the S-mode handler forwards them.
 *   trap_resume: when nonzero, the next trap into M-mode is recorded
 *   (trap_cause/epc/tval/status, trap_count) and resumes at that address in
 *   the privilege level that trapped (in M-mode when trap_resume_m is also
 *   set). strap_resume does the same for traps
 *   taken in S-mode. Unexpected traps print their cause and fail the program.
 *   mscratch/sscratch hold the trap stack pointers; a test that uses them
 *   restores them before anything can trap.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

/* Board (QEMU virt). */
#define FINISHER_BASE 0x100000
#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333
#define CLINT_BASE    0x2000000
#define CLINT_MSIP    (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME   (CLINT_BASE + 0xBFF8)
#define PLIC_BASE     0xC000000
#define PLIC_PRIORITY(irq) (PLIC_BASE + 4 * (irq))
#define PLIC_PENDING  (PLIC_BASE + 0x1000)
#define PLIC_ENABLE(ctx) (PLIC_BASE + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_BASE + 0x200004 + 0x1000 * (ctx))
#define UART_BASE     0x10000000
#define UART_IRQ      10
#define UART_THR 0
#define UART_RBR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_IIR 2
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

/* Services reached with ecall. */
#define SYS_EXIT 93
#define SYS_TO_M 94

/* mstatus fields. */
#define MSTATUS_SIE  (1 << 1)
#define MSTATUS_MIE  (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_UBE  (1 << 6)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP  (1 << 8)
#define MSTATUS_MPP  (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_MPP_M (3 << 11)
#define MSTATUS_FS   (3 << 13)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM  (1 << 18)
#define MSTATUS_MXR  (1 << 19)
#define MSTATUS_TVM  (1 << 20)
#define MSTATUS_TW   (1 << 21)
#define MSTATUS_TSR  (1 << 22)

/* Exception causes. */
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_USER_ECALL 8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_MACHINE_ECALL 11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15

/* Interrupts: bit numbers in mip/mie, and the mcause values. */
#define IRQ_S_SOFT 1
#define IRQ_M_SOFT 3
#define IRQ_S_TIMER 5
#define IRQ_M_TIMER 7
#define IRQ_S_EXT 9
#define IRQ_M_EXT 11
#define CAUSE_INTR (UL(1) << 63)
#define MIP_SSIP (1 << IRQ_S_SOFT)
#define MIP_MSIP (1 << IRQ_M_SOFT)
#define MIP_STIP (1 << IRQ_S_TIMER)
#define MIP_MTIP (1 << IRQ_M_TIMER)
#define MIP_SEIP (1 << IRQ_S_EXT)
#define MIP_MEIP (1 << IRQ_M_EXT)

/* CSRs that binutils 2.40 may not know by name. */
#define CSR_STIMECMP 0x14D
#define CSR_MENVCFG 0x30A
#define MENVCFG_STCE (UL(1) << 63)

/* Page table entries. */
#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)
#define SATP_SV39 (UL(8) << 60)
#define SATP_SV48 (UL(9) << 60)

#ifdef __ASSEMBLER__

#define TESTNUM gp

/* Begin a program: its name is printed with the verdict. */
#define TEST_BEGIN(name)            \
        .pushsection .rodata;       \
        .globl test_name;           \
test_name: .asciz name;             \
        .popsection;                \
        .text;                      \
        .globl main;                \
        .align 2;                   \
main:

#define TEST_PASS                   \
        li a0, 0;                   \
        li a7, SYS_EXIT;            \
        ecall

/* fail is in crt.S: exits with TESTNUM as the code. */
#define TEST_FAIL j fail

/* Load the 64-bit value at symbol sym into reg. */
#define LOAD_SYM(reg, sym) la reg, sym; ld reg, 0(reg)
#define STORE_SYM(reg, sym, tmp) la tmp, sym; sd reg, 0(tmp)

/* Set the current test number. */
#define TEST_NUM(n) li TESTNUM, n

/* Check a register against an expected value. */
#define CHECK(reg, val) li t2, val; bne reg, t2, fail
#define CHECK_SYM(reg, sym) la t2, sym; bne reg, t2, fail

/* A case: run code, then compare testreg with correctval. */
#define TEST_CASE(n, testreg, correctval, code...) \
test_ ## n:                         \
        li TESTNUM, n;              \
        code;                       \
        li t2, correctval;          \
        bne testreg, t2, fail

/* Register-register and register-immediate operations, checked in a4. */
#define TEST_RR_OP(n, inst, result, val1, val2) \
        TEST_CASE(n, a4, result, li a1, val1; li a2, val2; inst a4, a1, a2)
#define TEST_IMM_OP(n, inst, result, val1, imm) \
        TEST_CASE(n, a4, result, li a1, val1; inst a4, a1, imm)
#define TEST_R_OP(n, inst, result, val1) \
        TEST_CASE(n, a4, result, li a1, val1; inst a4, a1)
/* Destination equal to a source, and writes to x0 discarded. */
#define TEST_RR_SRC1_EQ_DEST(n, inst, result, val1, val2) \
        TEST_CASE(n, a1, result, li a1, val1; li a2, val2; inst a1, a1, a2)
#define TEST_RR_ZERODEST(n, inst, val1, val2) \
        TEST_CASE(n, zero, 0, li a1, val1; li a2, val2; inst zero, a1, a2)

/*
 * A case that must trap: arm trap_resume, run code, and fail if it falls
 * through. After the trap, trap_cause must equal cause. The saved cause,
 * epc, tval and mstatus are left in a0..a3 for further checks.
 */
#define TEST_TRAP(n, cause, code...)     \
test_ ## n:                             \
        li TESTNUM, n;                  \
        la t0, test_ ## n ## _resume;   \
        la t1, trap_resume;             \
        sd t0, 0(t1);                   \
        code;                           \
        j fail;                         \
test_ ## n ## _resume:                  \
        la t0, trap_cause;              \
        ld a0, 0(t0);                   \
        ld a1, 8(t0);                   \
        ld a2, 16(t0);                  \
        ld a3, 24(t0);                  \
        li t2, cause;                   \
        bne a0, t2, fail

/* Like TEST_TRAP, but the trap resumes in M-mode (for faults in U/S code
 * whose resume label would not be executable there). */
#define TEST_TRAP_TO_M(n, cause, code...) \
test_ ## n:                             \
        li TESTNUM, n;                  \
        la t0, test_ ## n ## _resume;   \
        la t1, trap_resume;             \
        sd t0, 0(t1);                   \
        li t0, 1;                       \
        la t1, trap_resume_m;           \
        sd t0, 0(t1);                   \
        code;                           \
        j fail;                         \
test_ ## n ## _resume:                  \
        la t0, trap_cause;              \
        ld a0, 0(t0);                   \
        ld a1, 8(t0);                   \
        ld a2, 16(t0);                  \
        ld a3, 24(t0);                  \
        li t2, cause;                   \
        bne a0, t2, fail

/* Same for traps handled by the S-mode vector (delegated ones). */
#define TEST_STRAP(n, cause, code...)    \
test_ ## n:                             \
        li TESTNUM, n;                  \
        la t0, test_ ## n ## _resume;   \
        la t1, strap_resume;            \
        sd t0, 0(t1);                   \
        code;                           \
        j fail;                         \
test_ ## n ## _resume:                  \
        la t0, strap_cause;             \
        ld a0, 0(t0);                   \
        ld a1, 8(t0);                   \
        ld a2, 16(t0);                  \
        ld a3, 24(t0);                  \
        li t2, cause;                   \
        bne a0, t2, fail

/* Checks after TEST_TRAP/TEST_STRAP: epc at a label, tval a value/label. */
#define CHECK_EPC(label) la t2, label; bne a1, t2, fail
#define CHECK_TVAL(val) li t2, val; bne a2, t2, fail
#define CHECK_TVAL_SYM(label) la t2, label; bne a2, t2, fail

/* Change privilege level. GOTO_S/GOTO_U are for M-mode code. */
#define GOTO_MODE_FROM_M(mpp, lbl)      \
        li t0, MSTATUS_MPP;             \
        csrc mstatus, t0;               \
        li t0, mpp;                     \
        csrs mstatus, t0;               \
        la t0, lbl;                     \
        csrw mepc, t0;                  \
        mret;                           \
lbl:
#define GOTO_S(n) GOTO_MODE_FROM_M(MSTATUS_MPP_S, in_s_ ## n)
#define GOTO_U(n) GOTO_MODE_FROM_M(0, in_u_ ## n)
/* From S-mode to U-mode with sret. */
#define GOTO_U_FROM_S(n)                \
        li t0, MSTATUS_SPP;             \
        csrc sstatus, t0;               \
        la t0, in_us_ ## n;             \
        csrw sepc, t0;                  \
        sret;                           \
in_us_ ## n:
/* Back to M-mode from anywhere (an ecall service). */
#define GOTO_M(n)                       \
        la a0, in_m_ ## n;              \
        li a7, SYS_TO_M;                \
        ecall;                          \
        j fail;                         \
in_m_ ## n:

/* Store a PTE: table[idx] = (pa >> 12) << 10 | flags; pa in a register. */
#define SET_PTE_REG(table, idx, pareg, flags) \
        srli pareg, pareg, 12;          \
        slli pareg, pareg, 10;          \
        ori pareg, pareg, flags;        \
        la t1, table;                   \
        li t2, (idx) * 8;               \
        add t1, t1, t2;                 \
        sd pareg, 0(t1)
#define SET_PTE_SYM(table, idx, sym, flags) \
        la t0, sym;                     \
        SET_PTE_REG(table, idx, t0, flags)
#define SET_PTE_ABS(table, idx, pa, flags) \
        li t0, pa;                      \
        SET_PTE_REG(table, idx, t0, flags)

#endif /* __ASSEMBLER__ */

#endif /* GUEST_TEST_H */
