package debugger

import (
	"fmt"
	"sort"
	"strings"
)

// RegKind says where a register's value lives in a hart, so that the engine
// can read and write it without knowing the register's name.
type RegKind uint8

// Register kinds.
const (
	// RegGPR is integer register Num.
	RegGPR RegKind = iota
	// RegPC is the program counter.
	RegPC
	// RegCSR is control and status register Num.
	RegCSR
	// RegPriv is the current privilege level (a debugger-only register).
	RegPriv
	// RegFPR is floating-point register Num, its raw bits (a single is
	// NaN-boxed in a wider register).
	RegFPR
)

// Register describes one register of an architecture as data: what front
// ends call it, how wide it is, where GDB numbers it, and where it lives.
type Register struct {
	Name    string   // the primary name (GDB's: "ra", "fp", "mstatus")
	Aliases []string // other accepted names ("x1", "s0")
	Bits    int      // width in bits
	GDB     int      // GDB register number (the XML regnum)
	Feature string   // target-description feature holding it
	Type    string   // target-description type: "int", "code_ptr", "data_ptr", "ieee_double"
	Kind    RegKind
	Num     int // register or CSR number within Kind
}

// Arch describes an architecture to the engine and the front ends, in the
// manner of Delve's proc.Arch: nothing above isa/ needs its register names
// hard-coded. The zero value is not usable; see RISCV64.
type Arch struct {
	Name            string // short name: "riscv64"
	GDBArchitecture string // the <architecture> of the target XML
	OSABI           string // the <osabi> of the target XML
	Registers       []Register
	// PC, SP and RA index Registers: the program counter, the stack
	// pointer and the return-address (link) register.
	PC, SP, RA int
	// GRegs is how many of Registers (in order) make up GDB's 'g' packet.
	GRegs int
	// BreakpointInsn is the encoding of the software breakpoint
	// instruction, for front ends that show or plant one.
	BreakpointInsn []byte
	// CallLength reports whether the instruction whose first bytes are
	// given is a call (it links the return-address register) and its
	// length in bytes; length 0 means the bytes do not decode.
	CallLength func(insn []byte) (length int, call bool)

	byName map[string]int
	byGDB  map[int]int
}

// index builds the name and number maps. Constructors call it once.
func (a *Arch) index() {
	a.byName = make(map[string]int, len(a.Registers)*2)
	a.byGDB = make(map[int]int, len(a.Registers))
	for i, r := range a.Registers {
		a.byName[r.Name] = i
		for _, al := range r.Aliases {
			a.byName[al] = i
		}
		a.byGDB[r.GDB] = i
	}
}

// Lookup finds a register by any of its names.
func (a *Arch) Lookup(name string) (int, bool) {
	i, ok := a.byName[name]
	return i, ok
}

// ByGDB finds a register by its GDB number.
func (a *Arch) ByGDB(n int) (int, bool) {
	i, ok := a.byGDB[n]
	return i, ok
}

// TargetXML is the GDB target description: one document with every
// feature inline (so a single qXfer annex serves it), registers pinned to
// their GDB numbers.
func (a *Arch) TargetXML() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n")
	b.WriteString(`<!DOCTYPE target SYSTEM "gdb-target.dtd">` + "\n")
	b.WriteString("<target version=\"1.0\">\n")
	fmt.Fprintf(&b, "  <architecture>%s</architecture>\n", a.GDBArchitecture)
	if a.OSABI != "" {
		fmt.Fprintf(&b, "  <osabi>%s</osabi>\n", a.OSABI)
	}
	// Features appear in the order of their first register; registers in
	// each feature by GDB number.
	var order []string
	groups := map[string][]Register{}
	for _, r := range a.Registers {
		if _, ok := groups[r.Feature]; !ok {
			order = append(order, r.Feature)
		}
		groups[r.Feature] = append(groups[r.Feature], r)
	}
	for _, f := range order {
		regs := groups[f]
		sort.SliceStable(regs, func(i, j int) bool { return regs[i].GDB < regs[j].GDB })
		fmt.Fprintf(&b, "  <feature name=%q>\n", f)
		for _, r := range regs {
			typ := r.Type
			if typ == "" {
				typ = "int"
			}
			fmt.Fprintf(&b, "    <reg name=%q bitsize=\"%d\" regnum=\"%d\" type=%q", r.Name, r.Bits, r.GDB, typ)
			if r.Kind == RegCSR || r.Kind == RegPriv {
				b.WriteString(` save-restore="no"`)
			}
			if r.Kind == RegCSR {
				b.WriteString(` group="csr"`)
			}
			b.WriteString("/>\n")
		}
		b.WriteString("  </feature>\n")
	}
	b.WriteString("</target>\n")
	return b.String()
}
