# Expression operators, character literals and string escapes, each
# checked byte for byte against GNU as (GNU computes on 64-bit unsigned
# values: >> is a logical shift; / and % and comparisons are signed; a
# true comparison is -1).
	.globl _start
_start:
	li a0, ~0 >> 32
	li a1, -1 >> 1
	li a2, 0x80000000 >> 4
	.equ M, -1 >> 60
	addi a1, a1, M
	.equ N, (-8 >> 1) >> 59
	li a3, N
	li a4, 3 > 2
	li a5, (1 == 1) + (2 <> 3)
	ret
	.data
shifts:	.dword ~0 >> 32, -16 >> 2, -1 >> 60, 1 << 63, -1 << 4, 0x123 >> 0
	.word 0x80000000 >> 4, -1 >> 33
divmod:	.dword -7 / 2, -7 % 2, 7 % -2, -7 / -2, 0xffffffffffffffff / 2, 0x8000000000000000 / 3
	.dword -7 % 0x10, 100 / 7 * 7, 100 % 7
compare:
	.dword 1 == 1, 1 == 2, 1 != 2, 1 <> 2, 1 < 2, 2 < 1, -1 < 0, 1 <= 1, 2 >= 3, 3 > 2
	.dword 3 > 2 > 1, -1 > 0x7fffffffffffffff
logic:	.dword !0, !5, !!7, 6 ! 1, 1 && 2, 0 && 1, 0 || 3, 0 || 0
precedence:
	.dword 1 + 2 == 3, 1 + 2 << 3, 6 | 1 & 2, 3 - 1 == 2 + 0, 1 + 2 * 3
	.dword 2 == 2 && 3 == 3, -1 < 1 + 0, 1 || 0 && 0, 0 && 0 || 1, 6 ^ 3 * 2
	.dword ~5, 3 ^ 5, 7 - - 2, (1 + 2) * 3, 1 - 2 - 3
chars:	.byte 'a',0
	.byte 'a','b'
	.byte 'a' , 'c', 'z
	.byte '\n', '\\', '\'', 'x'+1, ',', '#', ';'
	.byte '\a, '\e, '\t'
escapes:
	.ascii "\a\e\q\b\f\n\r\t\v\\\"\101\1234\x41\x4142\xg\8\9\0"
	.asciz "tab\there", "x"
	.string "\18\777"
