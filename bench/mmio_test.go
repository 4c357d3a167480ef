package bench

import (
	"bytes"
	"testing"

	"vmcore/isa/riscv/asm"
	"vmcore/vm/machine"
)

// pollSrc polls the UART's line status register a million times, as a
// driver waiting for the transmitter does, then exits through the
// finisher: every other instruction is a device access.
const pollSrc = `
	.text
	.globl _start
_start:
	li	s0, 0x10000000
	li	t1, 1000000
1:	lbu	t0, 5(s0)
	addi	t1, t1, -1
	bnez	t1, 1b
	li	t0, 0x100000
	li	t1, 0x5555
	sw	t1, 0(t0)
2:	j	2b
`

// BenchmarkMMIOPoll reports MIPS for a guest that polls a device register
// (half its instructions touch the device), beside BenchmarkHartSmall's
// compute-bound figure: device accesses end a run slice so that interrupt
// delivery stays exact, and this measures what that costs.
func BenchmarkMMIOPoll(b *testing.B) {
	prog, err := asm.Assemble("poll.s", []byte(pollSrc), asm.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var elf bytes.Buffer
	if err := prog.WriteELF(&elf); err != nil {
		b.Fatal(err)
	}
	img, err := machine.ParseELF("poll.s", elf.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	var console bytes.Buffer
	m := newMachine(b, &console)
	var insns uint64
	for b.Loop() {
		_, n := runOnMachine(b, m, img, &console)
		insns += n
	}
	reportMIPS(b, insns)
}
