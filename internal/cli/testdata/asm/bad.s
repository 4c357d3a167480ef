# bad.s: two mistakes that the assembler must report with file, line and
# column.
	.text
_start:
	addi	a0, a0, 5000
	add	a0, x32, a1
