package cli

import (
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"io"

	"vmcore/isa/riscv"
	"vmcore/vm/machine"
)

const disasmUsage = `Usage: vmcore disasm [flags] PROGRAM

Prints the disassembly of PROGRAM's executable sections in the layout of
riscv64-unknown-elf-objdump -d: a header per symbol, then address, encoding
and instruction per line, with the aliases objdump prints (li, mv, ret...)
unless --no-aliases is given.
`

func cmdDisasm(args []string, env Env) int {
	fs := flag.NewFlagSet("disasm", flag.ContinueOnError)
	noAliases := fs.Bool("no-aliases", false, "print base instructions, as objdump -M no-aliases")
	var loadAddr uintFlag
	fs.Var(&loadAddr, "load-addr", "treat PROGRAM as a raw binary at `address`")
	rest, status, done := parseFlags(fs, disasmUsage, args, env)
	if done {
		return status
	}
	if len(rest) != 1 {
		fmt.Fprintf(env.Err, "vmcore disasm: want exactly one PROGRAM, got %d arguments\n\n%s", len(rest), disasmUsage)
		return ExitUsage
	}
	p, err := openProgram(rest[0], loadAddr, env.Err)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	w := bufio.NewWriter(env.Out)
	writeDisasm(w, p.img, *noAliases)
	if err := w.Flush(); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// writeDisasm prints every code section of img.
func writeDisasm(w io.Writer, img *machine.Image, noAliases bool) {
	fmt.Fprintf(w, "\n%s:     file format elf64-littleriscv\n\n", img.Name)
	syms := img.Symbols
	for _, sec := range img.Code {
		fmt.Fprintf(w, "\nDisassembly of section %s:\n", sec.Name)
		st := &riscv.DisasmState{}
		if gp, ok := syms.Lookup("__global_pointer$"); ok {
			st.SetGP(gp.Addr)
		}
		opt := riscv.DisasmOptions{NoAliases: noAliases, State: st}
		if syms.Len() > 0 {
			opt.SymbolValue = syms.Near
		}
		bounds := symbolStarts(syms, sec)
		first := true
		for off := 0; off < len(sec.Data); {
			pc := sec.Addr + uint64(off)
			if s, ok := syms.Exact(pc); ok {
				fmt.Fprintf(w, "\n%016x <%s>:\n", pc, s.Name)
				first = false
			} else if first {
				fmt.Fprintf(w, "\n%016x <%s>:\n", pc, sec.Name)
				first = false
			}
			for len(bounds) > 0 && bounds[0] <= pc {
				bounds = bounds[1:]
			}
			end := len(sec.Data)
			if len(bounds) > 0 {
				end = int(bounds[0] - sec.Addr)
			}
			if n := zeroSkip(sec.Data[off:end]); n > 0 {
				fmt.Fprintf(w, "\t...\n")
				off += n
				continue
			}
			rest := sec.Data[off:]
			if len(rest) < 2 {
				fmt.Fprintf(w, "%12x:\t%02x                  \t.byte\t0x%x\n", pc, rest[0], rest[0])
				break
			}
			raw := uint32(binary.LittleEndian.Uint16(rest))
			n := 2
			if raw&3 == 3 {
				if len(rest) < 4 {
					fmt.Fprintf(w, "%12x:\t%04x                \t.short\t0x%x\n", pc, raw, raw)
					off += 2
					continue
				}
				raw, n = binary.LittleEndian.Uint32(rest), 4
			}
			text := riscv.DisasmRaw(raw, pc, opt)
			if n == 4 {
				fmt.Fprintf(w, "%12x:\t%08x          \t%s\n", pc, raw, text)
			} else {
				fmt.Fprintf(w, "%12x:\t%04x                \t%s\n", pc, raw, text)
			}
			off += n
		}
	}
}

// symbolStarts lists the addresses inside sec where a symbol starts, in
// order: objdump disassembles the stretch between two as one unit.
func symbolStarts(syms *machine.Symbols, sec machine.Section) []uint64 {
	var out []uint64
	end := sec.Addr + uint64(len(sec.Data))
	for _, s := range syms.All() {
		if s.Addr > sec.Addr && s.Addr < end && (len(out) == 0 || out[len(out)-1] != s.Addr) {
			out = append(out, s.Addr)
		}
	}
	return out
}

// zeroSkip applies objdump's rule for runs of zero bytes at the start of
// b (which ends at the next symbol or the section end): a run of 8 or more
// bytes, counted in whole words unless it reaches the end, or a run of 1
// or 2 bytes that reaches the end, prints as "..." and is skipped. It
// returns the number of bytes to skip, or 0.
func zeroSkip(b []byte) int {
	z := 0
	for z < len(b) && b[z] == 0 {
		z++
	}
	if z != len(b) {
		z &^= 3
	}
	if z >= 8 || (z == len(b) && z > 0 && z < 3) {
		return z
	}
	return 0
}
