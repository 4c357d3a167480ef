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
	for _, src := range []string{"testdata/pseudo.s", "testdata/directives.s", "testdata/branches.s"} {
		b, err := os.ReadFile(src)
		if err == nil {
			f.Add(string(b))
		}
	}
	for _, c := range errorCases {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
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
