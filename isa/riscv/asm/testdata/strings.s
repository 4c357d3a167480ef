# String directives: adjacent string literals in one operand are
# concatenated (as in C), and .asciz/.string terminate each comma-separated
# operand once. Empty operands add nothing, not even a terminator.
	.globl _start
_start:
	ret
	.section .rodata
	.ascii "a" "b"
	.string "c" "d"
	.asciz "e", "f" "g"
	.ascii "h"   "i",	"j""k"
	.byte 1, 2, 'x', '"'
	.ascii "x\"y" "z"
	.string "",""
	.asciz "m"	"n" ,"o"
	.asciz "p",,"q"
	.ascii "r",
	.string "\x41" "\101" "\n"
	.ascii "semi;colon" "#hash"	# a real comment
	.asciz "esc\\" "\"" "/* not a comment */"
	.byte 'a', 'b', 0
	.half 0x1234
	.ascii "end"
