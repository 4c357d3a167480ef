/* Fails with exit code 42 through the finisher. */
#include "common.h"
	.section .text.init
	.globl _start
_start:
	FAIL(42)
