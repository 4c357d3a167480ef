/*
 * crt.S: startup, trap vectors, exit and UART output for the guest programs.
 *
 * Hart 0 sets up stacks, trap vectors and an all-allowing PMP region (QEMU
 * denies S/U accesses that match no PMP entry), zeroes .bss and calls main.
 * Other harts park in wfi. main returns an exit code (C programs) or ends
 * with an ecall to SYS_EXIT (assembly programs, see test.h).
 *
 * Every trap into M-mode is recorded in trap_cause/epc/tval/status and
 * counted in trap_count; see test.h for what happens next. The S-mode vector
 * does the same with the strap_* variables.
 */
#include "test.h"

#define FRAME (32 * 8)
#define REG(n) ((n) * 8)

/* Save every register except sp (which the caller saved) into the frame. */
.macro SAVE_REGS
        sd x1, REG(1)(sp)
        sd x3, REG(3)(sp)
        sd x4, REG(4)(sp)
        sd x5, REG(5)(sp)
        sd x6, REG(6)(sp)
        sd x7, REG(7)(sp)
        sd x8, REG(8)(sp)
        sd x9, REG(9)(sp)
        sd x10, REG(10)(sp)
        sd x11, REG(11)(sp)
        sd x12, REG(12)(sp)
        sd x13, REG(13)(sp)
        sd x14, REG(14)(sp)
        sd x15, REG(15)(sp)
        sd x16, REG(16)(sp)
        sd x17, REG(17)(sp)
        sd x18, REG(18)(sp)
        sd x19, REG(19)(sp)
        sd x20, REG(20)(sp)
        sd x21, REG(21)(sp)
        sd x22, REG(22)(sp)
        sd x23, REG(23)(sp)
        sd x24, REG(24)(sp)
        sd x25, REG(25)(sp)
        sd x26, REG(26)(sp)
        sd x27, REG(27)(sp)
        sd x28, REG(28)(sp)
        sd x29, REG(29)(sp)
        sd x30, REG(30)(sp)
        sd x31, REG(31)(sp)
.endm

/* Restore every register, sp last (the frame holds the interrupted sp). */
.macro RESTORE_REGS
        ld x1, REG(1)(sp)
        ld x3, REG(3)(sp)
        ld x4, REG(4)(sp)
        ld x5, REG(5)(sp)
        ld x6, REG(6)(sp)
        ld x7, REG(7)(sp)
        ld x8, REG(8)(sp)
        ld x9, REG(9)(sp)
        ld x10, REG(10)(sp)
        ld x11, REG(11)(sp)
        ld x12, REG(12)(sp)
        ld x13, REG(13)(sp)
        ld x14, REG(14)(sp)
        ld x15, REG(15)(sp)
        ld x16, REG(16)(sp)
        ld x17, REG(17)(sp)
        ld x18, REG(18)(sp)
        ld x19, REG(19)(sp)
        ld x20, REG(20)(sp)
        ld x21, REG(21)(sp)
        ld x22, REG(22)(sp)
        ld x23, REG(23)(sp)
        ld x24, REG(24)(sp)
        ld x25, REG(25)(sp)
        ld x26, REG(26)(sp)
        ld x27, REG(27)(sp)
        ld x28, REG(28)(sp)
        ld x29, REG(29)(sp)
        ld x30, REG(30)(sp)
        ld x31, REG(31)(sp)
        ld x2, REG(2)(sp)
.endm

        .section .text.init, "ax", @progbits
        .option norvc
        .globl _start
_start:
        csrr t0, mhartid
        bnez t0, park
        la sp, __stack_top
        la t0, __mtrap_stack_top
        csrw mscratch, t0
        la t0, __strap_stack_top
        csrw sscratch, t0
        la t0, mtrap_vector
        csrw mtvec, t0
        la t0, strap_vector
        csrw stvec, t0
        csrw mie, zero
        csrw medeleg, zero
        csrw mideleg, zero
        csrw satp, zero
        /* One NAPOT region over all of memory, RWX, for S and U. */
        li t0, -1
        csrw pmpaddr0, t0
        li t0, 0x1f
        csrw pmpcfg0, t0
        la t0, __bss_start
        la t1, __bss_end
1:      bgeu t0, t1, 2f
        sd zero, 0(t0)
        addi t0, t0, 8
        j 1b
2:      li gp, 0
        li tp, 0
        call main
        li a7, SYS_EXIT
        ecall
park:   wfi
        j park

        .text
        .option norvc

/* fail: exit with the current test number (255 when none is set). */
        .globl fail
fail:
        mv a0, TESTNUM
        bnez a0, 1f
        li a0, 255
1:      li a7, SYS_EXIT
        ecall
        j fail

/* ---------------------------------------------------------------- M-mode */
        .align 2
        .globl mtrap_vector
mtrap_vector:
        csrrw sp, mscratch, sp
        addi sp, sp, -FRAME
        SAVE_REGS
        csrr t0, mscratch
        sd t0, REG(2)(sp)
        addi t0, sp, FRAME
        csrw mscratch, t0
        csrr s0, mcause
        csrr s1, mepc
        csrr s2, mtval
        csrr s3, mstatus
        la t0, trap_cause
        sd s0, 0(t0)
        sd s1, 8(t0)
        sd s2, 16(t0)
        sd s3, 24(t0)
        ld t1, 32(t0)
        addi t1, t1, 1
        sd t1, 32(t0)
        ld t1, 40(t0)           /* trap_resume */
        beqz t1, 1f
        sd zero, 40(t0)
        csrw mepc, t1
        ld t1, 56(t0)           /* trap_resume_m: continue in M-mode */
        beqz t1, mtrap_return
        sd zero, 56(t0)
        li t1, MSTATUS_MPP
        csrs mstatus, t1
        j mtrap_return
1:      bltz s0, mtrap_interrupt
        li t1, CAUSE_USER_ECALL
        beq s0, t1, mtrap_ecall
        li t1, CAUSE_SUPERVISOR_ECALL
        beq s0, t1, mtrap_ecall
        li t1, CAUSE_MACHINE_ECALL
        beq s0, t1, mtrap_ecall
        j mtrap_unexpected

mtrap_ecall:
        ld a0, REG(10)(sp)
        ld a7, REG(17)(sp)
        li t1, SYS_EXIT
        beq a7, t1, exit_with_code
        li t1, SYS_TO_M
        bne a7, t1, mtrap_unexpected
        csrw mepc, a0
        li t1, MSTATUS_MPP
        csrs mstatus, t1
        j mtrap_return

mtrap_interrupt:
        ld t1, 48(t0)           /* mtrap_hook */
        beqz t1, 2f
        mv a0, s0
        mv a1, sp
        jalr t1
        j mtrap_return
        /* No hook: record it and mask the source so it cannot fire again. */
2:      andi t1, s0, 63
        li t2, 1
        sll t2, t2, t1
        csrc mie, t2
        j mtrap_return

mtrap_unexpected:
        la a0, msg_mtrap
        call uart_puts
        mv a0, s0
        call uart_puthex
        la a0, msg_epc
        call uart_puts
        mv a0, s1
        call uart_puthex
        la a0, msg_tval
        call uart_puts
        mv a0, s2
        call uart_puthex
        li a0, '\n'
        call uart_putc
        ld a0, REG(3)(sp)
        bnez a0, exit_with_code
        li a0, 254
        j exit_with_code

mtrap_return:
        RESTORE_REGS
        mret

/* exit_with_code: print the verdict and write the finisher (M-mode). */
        .globl exit_with_code
exit_with_code:
        mv s0, a0
        la a0, test_name
        call uart_puts
        bnez s0, 1f
        la a0, msg_pass
        call uart_puts
        li t0, FINISHER_PASS
        li t1, FINISHER_BASE
        sw t0, 0(t1)
        j hang
1:      la a0, msg_fail
        call uart_puts
        mv a0, s0
        call uart_putdec
        li a0, '\n'
        call uart_putc
        slli t0, s0, 16
        li t1, FINISHER_FAIL
        or t0, t0, t1
        li t1, FINISHER_BASE
        sw t0, 0(t1)
hang:   wfi
        j hang

/* ---------------------------------------------------------------- S-mode */
        .align 2
        .globl strap_vector
strap_vector:
        csrrw sp, sscratch, sp
        addi sp, sp, -FRAME
        SAVE_REGS
        csrr t0, sscratch
        sd t0, REG(2)(sp)
        addi t0, sp, FRAME
        csrw sscratch, t0
        csrr s0, scause
        csrr s1, sepc
        csrr s2, stval
        csrr s3, sstatus
        la t0, strap_cause
        sd s0, 0(t0)
        sd s1, 8(t0)
        sd s2, 16(t0)
        sd s3, 24(t0)
        ld t1, 32(t0)
        addi t1, t1, 1
        sd t1, 32(t0)
        ld t1, 40(t0)           /* strap_resume */
        beqz t1, 1f
        sd zero, 40(t0)
        csrw sepc, t1
        j strap_return
1:      bltz s0, strap_interrupt
        li t1, CAUSE_USER_ECALL
        bne s0, t1, strap_unexpected
        /* Forward the services to M-mode. */
        ld a0, REG(10)(sp)
        ld a7, REG(17)(sp)
        li t1, SYS_EXIT
        beq a7, t1, 3f
        li t1, SYS_TO_M
        bne a7, t1, strap_unexpected
3:      ecall
        j strap_unexpected

strap_interrupt:
        ld t1, 48(t0)           /* strap_hook */
        beqz t1, 2f
        mv a0, s0
        mv a1, sp
        jalr t1
        j strap_return
2:      andi t1, s0, 63
        li t2, 1
        sll t2, t2, t1
        csrc sie, t2
        j strap_return

strap_unexpected:
        la a0, msg_strap
        call uart_puts
        mv a0, s0
        call uart_puthex
        la a0, msg_epc
        call uart_puts
        mv a0, s1
        call uart_puthex
        la a0, msg_tval
        call uart_puts
        mv a0, s2
        call uart_puthex
        li a0, '\n'
        call uart_putc
        ld a0, REG(3)(sp)
        bnez a0, 4f
        li a0, 253
4:      li a7, SYS_EXIT
        ecall
        j 4b

strap_return:
        RESTORE_REGS
        sret

/* ------------------------------------------------------------------ UART */
/* uart_putc(a0): wait for THR empty, then send. Clobbers t0, t1. */
        .globl uart_putc
uart_putc:
        li t0, UART_BASE
1:      lbu t1, UART_LSR(t0)
        andi t1, t1, 0x20
        beqz t1, 1b
        sb a0, UART_THR(t0)
        ret

/* uart_puts(a0 = NUL-terminated string). Clobbers a0, t0-t3. */
        .globl uart_puts
uart_puts:
        mv t3, ra
        mv t2, a0
1:      lbu a0, 0(t2)
        beqz a0, 2f
        call uart_putc
        addi t2, t2, 1
        j 1b
2:      mv ra, t3
        ret

/* uart_puthex(a0): "0x" and 16 hex digits. Clobbers a0, t0-t5. */
        .globl uart_puthex
uart_puthex:
        mv t5, ra
        mv t4, a0
        li a0, '0'
        call uart_putc
        li a0, 'x'
        call uart_putc
        li t3, 60
1:      srl a0, t4, t3
        andi a0, a0, 15
        li t2, 10
        blt a0, t2, 2f
        addi a0, a0, 'a' - 10
        j 3f
2:      addi a0, a0, '0'
3:      call uart_putc
        addi t3, t3, -4
        bgez t3, 1b
        mv ra, t5
        ret

/* uart_putdec(a0): unsigned decimal. Clobbers a0, t0-t5. */
        .globl uart_putdec
uart_putdec:
        mv t5, ra
        addi sp, sp, -32
        mv t4, sp               /* digits are pushed, then printed back */
        li t3, 10
1:      remu t2, a0, t3
        addi t2, t2, '0'
        sb t2, 0(t4)
        addi t4, t4, 1
        divu a0, a0, t3
        bnez a0, 1b
2:      addi t4, t4, -1
        lbu a0, 0(t4)
        call uart_putc
        bne t4, sp, 2b
        addi sp, sp, 32
        mv ra, t5
        ret

        .section .rodata
msg_pass:  .asciz ": PASS\n"
msg_fail:  .asciz ": FAIL "
msg_mtrap: .asciz "unexpected trap mcause="
msg_strap: .asciz "unexpected trap scause="
msg_epc:   .asciz " epc="
msg_tval:  .asciz " tval="

        .data
        .align 3
/* Layout is used by the vectors: cause, epc, tval, status, count, resume,
 * hook (and for M, resume_m). */
        .globl trap_cause, trap_epc, trap_tval, trap_status, trap_count, trap_resume, mtrap_hook
trap_cause:  .dword 0
trap_epc:    .dword 0
trap_tval:   .dword 0
trap_status: .dword 0
trap_count:  .dword 0
trap_resume: .dword 0
mtrap_hook:  .dword 0
        .globl trap_resume_m
trap_resume_m: .dword 0
        .globl strap_cause, strap_epc, strap_tval, strap_status, strap_count, strap_resume, strap_hook
strap_cause:  .dword 0
strap_epc:    .dword 0
strap_tval:   .dword 0
strap_status: .dword 0
strap_count:  .dword 0
strap_resume: .dword 0
strap_hook:   .dword 0
