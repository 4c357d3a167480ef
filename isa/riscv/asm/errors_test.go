package asm

import (
	"errors"
	"fmt"
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
	{"junk after a string", "\t.ascii \"a\" \"b\" c\n"},
	{"unterminated adjacent string", "\t.asciz \"a\", \"b\" \"c\n"},
	{"string in .byte", "\t.byte 1, \"ab\"\n"},
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
	{"compressed register-only operands", "\tc.mv a0, zero\n\tc.jr zero\n\tc.add a0, x0\n\tc.jalr zero\n"},
	{"compressed hint immediates", "\tc.nop 32\n\tc.slli zero, 0\n\tc.lui sp, 1\n"},
	{"errors of every pass", "\taddi a0, a0, 5000\n\taddi a0, a0, x99\n\tlw a0, 8(a9)\n\tj 1b\n\t.equ Q, undefined_sym+1\n\t.word Q\n"},
	{"warnings beside errors", "\t.byte 300\n\tfoo\n\t.half 70000\n\tj nowhere\n\t.byte 1, 0x1ff\n"},
	{"no follow-on errors", "\t.equ N, 1 +\n\tli a0, N\n\tX = )\n\t.word X\n"},
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
			if e.Warning {
				continue
			}
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

// TestCppHint checks that a .S file written for the C preprocessor gets an
// error saying so first, and that a .s file or a .S file with no
// preprocessor lines gets none.
func TestCppHint(t *testing.T) {
	const cppSrc = "#include \"riscv_test.h\"\n#define N 3\n\ttest_begin\n\tli a0, N\n"
	cases := []struct {
		file, src string
		hint      bool
	}{
		{"t.S", cppSrc, true},
		{"t.s", cppSrc, false},
		{"t.S", "# a comment\n\tfoo\n", false},
		{"t.S", "  #ifdef X\n\tfoo\n", true},
	}
	for _, c := range cases {
		_, err := Assemble(c.file, []byte(c.src), Options{})
		var el ErrorList
		if !errors.As(err, &el) || len(el) == 0 {
			t.Fatalf("%s %q: want errors, got %v", c.file, c.src, err)
		}
		got := strings.Contains(el[0].Msg, "C preprocessor")
		if got != c.hint {
			t.Errorf("%s %q: first error %q, want preprocessor hint %v", c.file, c.src, el[0].Msg, c.hint)
		}
		if c.hint && (el[0].Line < 1 || !strings.Contains(el[0].Msg, "riscv64-unknown-elf-cpp") || len(el) < 2) {
			t.Errorf("%s: hint %+v lacks a line, the cpp command or the real errors after it", c.file, el[0])
		}
	}
}

// TestWarnings checks the diagnostics that GNU as gives as warnings: the
// program still assembles, and each warning names its line and column.
func TestWarnings(t *testing.T) {
	cases := []struct {
		src  string
		want []string // "line:col: message" of each warning, in order
	}{
		{"\t.byte 256\n", []string{"1:8: value 0x100 truncated to 0x0"}},
		{"\t.byte 1, 0x1ff\n", []string{"1:11: value 0x1ff truncated to 0xff"}},
		{"\t.byte -128, -129, 255\n\t.half -1, 65535\n\t.word -0x80000001, 0xffffffff\n", nil},
		{"\t.half 65536\n\t.word 0x100000000\n", []string{"1:8: value 0x10000 truncated to 0x0", "2:8: value 0x100000000 truncated to 0x0"}},
		{"\tli a0, 1<<64\n", []string{"1:10: shift count out of range (64 is not between 0 and 63)"}},
		{"\t.dword 5 >> -1\n", []string{"1:11: shift count out of range (-1 is not between 0 and 63)"}},
		{"x:\n\t.word 3\n\t.byte x\n", []string{"3:8: value 0x80000000 truncated to 0x0"}},
		{"\t.equ S, 1 << 70\n\t.word S, S\n", []string{"1:12: shift count out of range (70 is not between 0 and 63)"}},
	}
	for _, c := range cases {
		p, err := Assemble("w.s", []byte(c.src), Options{})
		if err != nil {
			t.Errorf("%q: %v", c.src, err)
			continue
		}
		var got []string
		for _, w := range p.Warnings {
			if !w.Warning || !strings.Contains(w.Error(), "w.s:") || !strings.Contains(w.Error(), ": warning: ") {
				t.Errorf("%q: warning not marked as one: %q", c.src, w.Error())
			}
			got = append(got, fmt.Sprintf("%d:%d: %s", w.Line, w.Col, w.Msg))
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%q: warnings\n%s\nwant\n%s", c.src, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestWarningsBesideErrors checks that a failed assembly still reports its
// warnings, as GNU as does, merged with the errors in line order, and that
// warnings do not use up Options.MaxErrors.
func TestWarningsBesideErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		max  int
		want []string // "kind line:col" in the order reported
	}{
		{"statement pass", "\t.byte 300\n\tfoo\n\t.half 70000\n", 0,
			[]string{"warning 1:8", "error 2:2", "warning 3:8"}},
		{"link pass", "\t.word x\n\t.byte 256\n\tj nowhere\n\t.byte y\ny = 0x1ff\n", 0,
			[]string{"error 1:8", "warning 2:8", "error 3:4", "warning 4:8"}},
		{"max errors", "\t.byte 300\n\tfoo\n\t.byte 301\n\tbar\n\t.byte 302\n\tbaz\n", 2,
			[]string{"warning 1:8", "error 2:2", "warning 3:8", "error 4:2"}},
		{"cpp hint first", "#include \"x.h\"\n\t.byte 300\n\tfoo\n", 2,
			[]string{"error 1:1", "warning 2:8", "error 3:2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := "w.s"
			if strings.HasPrefix(c.src, "#include") {
				file = "w.S"
			}
			_, err := Assemble(file, []byte(c.src), Options{MaxErrors: c.max})
			var el ErrorList
			if !errors.As(err, &el) {
				t.Fatalf("want an ErrorList, got %v", err)
			}
			var got []string
			for _, e := range el {
				kind := "error"
				if e.Warning {
					kind = "warning"
				}
				if !strings.Contains(e.Error(), ": "+kind+": ") || e.Source == "" {
					t.Errorf("%q is not formatted as a %s with its source line", e.Error(), kind)
				}
				got = append(got, fmt.Sprintf("%s %d:%d", kind, e.Line, e.Col))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\nfull:\n%v", strings.Join(got, "\n"), strings.Join(c.want, "\n"), err)
			}
		})
	}
}
