package asm

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"vmcore/isa/riscv"
)

// FuzzAssemble feeds arbitrary text to the assembler: it must return a
// program or an ErrorList, never panic (Assemble turns a panic into an
// "internal assembler error", which this target reports as a failure).
func FuzzAssemble(f *testing.F) {
	for _, src := range []string{"testdata/pseudo.s", "testdata/directives.s", "testdata/branches.s", "testdata/exprs.s", "testdata/hints.s", "testdata/sections.s", "testdata/strings.s"} {
		b, err := os.ReadFile(src)
		if err == nil {
			f.Add(string(b))
		}
	}
	for _, c := range errorCases {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// A panic after the first errors is reported as those errors;
		// the fuzzer must still see it.
		recovered = func(r any) { t.Fatalf("panic inside the assembler: %v", r) }
		defer func() { recovered = nil }()
		p, err := Assemble("f.s", []byte(src), Options{MaxErrors: 5})
		if err != nil {
			if strings.Contains(err.Error(), "internal assembler error") {
				t.Fatalf("panic inside the assembler: %v", err)
			}
			var el ErrorList
			if !errors.As(err, &el) {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			return
		}
		var b bytes.Buffer
		if err := p.WriteELF(&b); err != nil {
			t.Fatal(err)
		}
	})
}

// TestAssembleLine checks the one-instruction assembler against the file
// assembler at the same address (no compression), and that the hart's
// decoder reads the result as a real instruction.
func TestAssembleLine(t *testing.T) {
	const pc = 0x80001000
	lines := []string{
		"addi a0, a0, 1", "add a0, a0, a1", "lw a0, 8(sp)", "sd ra, 8(sp)", "li a0, 0x123456789",
		"csrr a0, mhartid", "lui a0, 0x12345", "ecall", "c.addi a0, 1", "c.li a5, -3", "mret", "ret",
		"fadd.d fa0, fa1, fa2", "amoadd.w a0, a1, (a2)",
	}
	for _, l := range lines {
		got, err := AssembleLine(l, pc)
		if err != nil {
			t.Errorf("%s: %v", l, err)
			continue
		}
		p, err := Assemble("l.s", []byte(".option norvc\n"+l+"\n"), Options{TextBase: pc})
		if err != nil {
			t.Fatal(err)
		}
		want := p.Section(".text").Data[:len(got)]
		if !bytes.Equal(got, want) {
			t.Errorf("%s: AssembleLine % x, Assemble % x", l, got, want)
		}
		raw := uint32(got[0]) | uint32(got[1])<<8
		if len(got) >= 4 {
			raw = uint32(got[0]) | uint32(got[1])<<8 | uint32(got[2])<<16 | uint32(got[3])<<24
		}
		// The hart gains F/D later; its decoder cannot judge those yet.
		if in := riscv.Decode(raw); in.Op == riscv.OpIllegal && !strings.HasPrefix(l, "f") {
			t.Errorf("%s: % x decodes as illegal", l, got)
		}
	}
	// Branch and jump targets are absolute addresses.
	for _, c := range []struct {
		line   string
		target uint64
	}{{"j 0x80000ff0", 0x80000ff0}, {"beq a0, a1, 0x80001010", 0x80001010}, {"jal ra, 0x80100000", 0x80100000}} {
		got, err := AssembleLine(c.line, pc)
		if err != nil {
			t.Fatalf("%s: %v", c.line, err)
		}
		raw := uint32(got[0]) | uint32(got[1])<<8 | uint32(got[2])<<16 | uint32(got[3])<<24
		in := riscv.Decode(raw)
		if uint64(int64(pc)+in.Imm) != c.target {
			t.Errorf("%s: decodes to target 0x%x", c.line, uint64(int64(pc)+in.Imm))
		}
	}
	for _, bad := range []string{"", "foo a0", "x: nop", "addi a0, a0, 5000", "j nowhere", "nop\nnop", ".word 1"} {
		if _, err := AssembleLine(bad, pc); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if _, err := AssembleLine("nop", pc+1); err == nil {
		t.Errorf("odd address accepted")
	}
}

// TestAssembleLineSymbols checks that WithSymbols lets one instruction use
// the loaded program's symbols as absolute addresses: the targets decoded
// from the bytes are the addresses the lookup gave.
func TestAssembleLineSymbols(t *testing.T) {
	const pc = 0x80001000
	syms := map[string]uint64{"putdec": 0x80000ff0, "msg": 0x80003456, "far": 0x80200000, "val": 0x80001800}
	lookup := func(name string) (uint64, bool) { v, ok := syms[name]; return v, ok }
	word := func(b []byte, i int) uint32 {
		return uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16 | uint32(b[i+3])<<24
	}
	tests := []struct {
		line   string
		target uint64 // what the instruction (or auipc pair) addresses
	}{
		{"j putdec", syms["putdec"]},
		{"jal ra, putdec", syms["putdec"]},
		{"beq a0, a1, putdec+16", syms["putdec"] + 16},
		{"call putdec", syms["putdec"]},
		{"la a0, msg", syms["msg"]},
		{"lla a1, msg+4", syms["msg"] + 4},
		{"lw a2, val", syms["val"]},
	}
	for _, tc := range tests {
		got, err := AssembleLine(tc.line, pc, WithSymbols(lookup))
		if err != nil {
			t.Errorf("%s: %v", tc.line, err)
			continue
		}
		in := riscv.Decode(word(got, 0))
		target := uint64(int64(pc) + in.Imm)
		if len(got) == 8 {
			// auipc + an I-type low part.
			lo := riscv.Decode(word(got, 4))
			target = uint64(int64(pc) + in.Imm + lo.Imm)
		}
		if target != tc.target {
			t.Errorf("%s: % x addresses 0x%x, want 0x%x", tc.line, got, target, tc.target)
		}
	}
	for _, bad := range []struct{ line, msg string }{
		{"j nowhere", "undefined symbol 'nowhere'"},
		{"j far", "out of"},
		{"jal putdec, 8", "putdec"},
	} {
		_, err := AssembleLine(bad.line, pc, WithSymbols(lookup))
		if err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%s: error %v, want one mentioning %q", bad.line, err, bad.msg)
		}
	}
	// Without the option the program's symbols are unknown, as before.
	if _, err := AssembleLine("j putdec", pc); err == nil || !strings.Contains(err.Error(), "putdec") {
		t.Errorf("j putdec without symbols: error %v", err)
	}
}
