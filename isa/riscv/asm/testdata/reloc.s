# Relocation operators and address-forming sequences, resolved by the
# built-in linker.
	.equ DEV, 0x10000800
	.text
	.globl _start
_start:
	lui a0, %hi(DEV)
	addi a0, a0, %lo(DEV)
	ld a1, %lo(DEV)(a0)
	sd a1, %lo(DEV+8)(a0)
1:	auipc a0, %pcrel_hi(var)
	addi a0, a0, %pcrel_lo(1b)
.Lpc:	auipc t0, %pcrel_hi(arr + 16)
	ld t1, %pcrel_lo(.Lpc)(t0)
	sd t1, %pcrel_lo(.Lpc)(t0)
	la a0, var
	lla a1, arr
	la a2, arr + 8
	lw a3, var
	ld a4, arr
	lbu a5, arr+1
	sw a3, var, t0
	sd a4, arr, t1
	call far_func
	tail far_func
	lui a0, %hi(0x12345678)
	addi a0, a0, %lo(0x12345678)
	jal ra, far_func
	.zero 64
far_func:
	ret
	.data
	.align 3
var:	.dword 42
arr:	.dword 1, 2, 3, 4
	.dword var, far_func
	.word _start - 0x80000000
