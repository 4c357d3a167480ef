// Command dumptool writes the .text bytes vmcore's assembler produces for a
// .s file; a debugging aid for comparing with GNU objdump output.
package main

import (
	"fmt"
	"os"

	"vmcore/isa/riscv/asm"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: dumptool FILE.s OUT.bin")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p, err := asm.Assemble(os.Args[1], src, asm.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	t := p.Section(".text")
	if t == nil {
		fmt.Fprintln(os.Stderr, "no .text")
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], t.Data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
