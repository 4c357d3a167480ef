package asm

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// errorCases are mistakes students make; the golden file holds the full
// message for each, so wording and caret position are reviewed as text.
var errorCases = []struct {
	name string
	src  string
}{
	{"unknown register", "\taddi x32, x0, 1\n"},
	{"immediate out of range", "\taddi a0, a0, 5000\n"},
	{"store offset out of range", "\tsd a0, -2049(sp)\n"},
	{"shift out of range", "\tslli a0, a0, 64\n"},
	{"unknown instruction", "\taddx a0, a1, a2\n"},
	{"wrong operand count", "\tadd a0, a1\n"},
	{"float register for integer", "\tadd a0, fa0, a1\n"},
	{"undefined symbol", "_start:\n\tj nowhere\n"},
	{"undefined numeric label", "\tbeqz a0, 1f\n1:\tbnez a0, 2b\n"},
	{"duplicate label", "a:\nnop\na:\n"},
	{"unknown directive", "\t.foo 1\n"},
	{"li with a label", "msg:\n\tli a0, msg\n"},
	{"hi of an address above 2 GiB", "x:\n\tlui a0, %hi(x)\n"},
	{"unknown csr", "\tcsrr a0, mfoo\n"},
	{"bad option", "\t.option bogus\n"},
	{"division by zero", "\t.word 1/0\n"},
	{"unterminated parenthesis", "\taddi a0, a0, (1+2\n"},
	{"bad string", "\t.ascii abc\n"},
	{"compressed operands", "\tc.addi a0, 40\n\tc.lw a0, 3(a1)\n"},
	{"compressed register class", "\tc.and a0, t0\n"},
	{"branch out of reach", "1:\n\tc.beqz a0, 2f\n\t.zero 300\n2:\n"},
	{"several errors", "\taddi x32, x0, 1\n\tli a0\n\tfoo\n\tsw a0, 0(a9)\n"},
	{"unknown relocation", "\taddi a0, a0, %got(x)\n"},
	{"bad fence", "\tfence rx, w\n"},
	{"alignment too large", "\t.align 40\n"},
	{"self-referencing symbol", "\t.set a, b\n\t.set b, a\n\t.word a\n"},
	{"pcrel_lo without auipc", "1:\n\taddi a0, a0, %pcrel_lo(1b)\n"},
	{"bss data", "\t.bss\n\t.word 1\n"},
}

func TestErrorMessages(t *testing.T) {
	var b strings.Builder
	for _, c := range errorCases {
		_, err := Assemble("err.s", []byte(c.src), Options{})
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		var el ErrorList
		if !errors.As(err, &el) || len(el) == 0 {
			t.Errorf("%s: error is %T, want ErrorList", c.name, err)
			continue
		}
		for _, e := range el {
			if e.File != "err.s" || e.Line < 1 || e.Col < 1 || e.Source == "" {
				t.Errorf("%s: error without a position: %+v", c.name, e)
			}
		}
		b.WriteString("== " + c.name + "\n" + err.Error() + "\n\n")
	}
	const golden = "testdata/errors.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != b.String() {
		t.Errorf("error messages differ from %s (run go test -update and review the diff):\n%s", golden, b.String())
	}
}

func TestMaxErrors(t *testing.T) {
	src := strings.Repeat("\tfoo\n", 50)
	_, err := Assemble("m.s", []byte(src), Options{MaxErrors: 5})
	var el ErrorList
	if !errors.As(err, &el) || len(el) != 5 {
		t.Fatalf("got %d errors, want 5: %v", len(el), err)
	}
}
