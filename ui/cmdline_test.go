package ui

import (
	"fmt"
	"strings"
	"testing"

	"vmcore/isa/riscv/asm"
)

func TestCommands(t *testing.T) {
	tests := []struct {
		line    string
		wantErr string // substring of the error message; "" for success
		check   func(*testing.T, *Model, *fakeBackend)
	}{
		{"break loop", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if len(f.bps) != 1 || f.bps[0].Addr != fakeBase+0xc {
				t.Errorf("bps %+v", f.bps)
			}
		}},
		{"break _start+4 if a0 >= 2", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if len(f.bps) != 1 || f.bps[0].Addr != fakeBase+4 || f.bps[0].Cond != "a0 >= 2" {
				t.Errorf("bps %+v", f.bps)
			}
		}},
		{"break loop if nonsense", "condition", nil},
		{"break nowhere", `"nowhere" is not a number, register or known symbol`, nil},
		{"break", "usage: break", nil},
		{"delete 7", "no breakpoint 7", nil},
		{"delete x", "not a breakpoint number", nil},
		{"watch buf 0", "bad length", nil},
		{"watch sp 8", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if len(f.bps) != 1 || f.bps[0].Kind != KindWatch || f.bps[0].Addr != fakeBase+0x1000 || f.bps[0].Len != 8 {
				t.Errorf("bps %+v", f.bps)
			}
		}},
		{"x/2xw _start", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if len(m.output) != 1 || m.output[0] != "0x80000000: 0x00000513 0x00500593" {
				t.Errorf("output %q", m.output)
			}
		}},
		{"x/5c buf", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if len(m.output) != 1 || m.output[0] != "0x80001000: 104 'h' 101 'e' 108 'l' 108 'l' 111 'o'" {
				t.Errorf("output %q", m.output)
			}
		}},
		{"x/1dg buf", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if len(m.output) != 1 || !strings.HasPrefix(m.output[0], "0x80001000: ") {
				t.Errorf("output %q", m.output)
			}
		}},
		{"x/2i pc", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if len(m.output) != 2 || !strings.Contains(m.output[1], "li a1,5") {
				t.Errorf("output %q", m.output)
			}
		}},
		{"x/4q buf", "unknown format", nil},
		{"x/4xw 0x10", "memory at 0x10", nil},
		{"set reg a3 0x42", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if f.regs[13] != 0x42 || m.snap.Regs[13] != 0x42 {
				t.Errorf("a3 = %#x (snapshot %#x)", f.regs[13], m.snap.Regs[13])
			}
		}},
		{"set reg q9 1", "unknown register", nil},
		{"set mem buf 0x4241", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if string(f.mem[0x1000:0x1003]) != "ABl" {
				t.Errorf("mem %q", f.mem[0x1000:0x1003])
			}
		}},
		{"set mem buf 1 3", "size", nil},
		{"asm buf addi a0, a0, 1", "", func(t *testing.T, m *Model, f *fakeBackend) {
			// addi a0,a0,1 = 0x00150513, little-endian in memory.
			if got := f.mem[0x1000:0x1004]; string(got) != "\x13\x05\x15\x00" {
				t.Errorf("mem % x", got)
			}
		}},
		{"asm buf c.addi a0, 1", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if got := f.mem[0x1000:0x1002]; string(got) != "\x05\x05" {
				t.Errorf("mem % x", got)
			}
		}},
		{"asm buf j loop", "", func(t *testing.T, m *Model, f *fakeBackend) {
			// The program's symbols resolve: the same bytes as the address.
			want, err := asm.AssembleLine(fmt.Sprintf("j %#x", f.syms["loop"]), f.syms["buf"])
			if err != nil {
				t.Fatal(err)
			}
			if got := f.mem[0x1000:0x1004]; string(got) != string(want) {
				t.Errorf("mem % x, want % x", got, want)
			}
		}},
		{"asm buf j nowhere", "undefined symbol 'nowhere'", nil},
		{"asm buf addi a0, a0, 5000", "out of range", nil},
		{"asm buf", "usage: asm", nil},
		{"set mem 0x10 1", "not RAM", nil},
		{"goto loop", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if m.focus != paneDisasm || m.dis.cursorAddr(m) != fakeBase+0xc {
				t.Errorf("focus %v cursor %#x", paneTitles[m.focus], m.dis.cursorAddr(m))
			}
		}},
		{"theme light", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if m.th.Name != "light" {
				t.Errorf("theme %q", m.th.Name)
			}
		}},
		{"theme neon", `unknown theme "neon"`, nil},
		{"step 3", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if f.icount != 3 || m.snap.Icount != 3 {
				t.Errorf("icount %d", f.icount)
			}
		}},
		{"step 0", "bad count", nil},
		{"snapshot", "cannot store snapshots", nil},
		{"frobnicate", `unknown command "frobnicate"`, nil},
		{"help", "", func(t *testing.T, m *Model, f *fakeBackend) {
			if !m.showHelp {
				t.Error("help not shown")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			f := newFake()
			m := newModel(t, f, 120, 40)
			typeCmd(m, tc.line)
			if tc.wantErr != "" {
				if !m.msgErr || !strings.Contains(m.msg, tc.wantErr) {
					t.Fatalf("message %q (error %v); want an error containing %q", m.msg, m.msgErr, tc.wantErr)
				}
				return
			}
			if m.msgErr {
				t.Fatalf("unexpected error %q", m.msg)
			}
			tc.check(t, m, f)
		})
	}
}

func TestCommandHistoryAndCompletion(t *testing.T) {
	m := newModel(t, newFake(), 120, 40)
	typeCmd(m, "break loop")
	typeCmd(m, "theme dark")
	press(m, ":", "up", "up")
	if got := m.cmd.Value(); got != "break loop" {
		t.Errorf("two ups: %q; want the first command", got)
	}
	press(m, "down", "down")
	if got := m.cmd.Value(); got != "" {
		t.Errorf("down past the end: %q; want empty", got)
	}
	press(m, "esc")
	tests := []struct{ typed, want string }{
		{"thе", "thе"}, // a Cyrillic е: no completion, left alone
		{"the", "theme "},
		{"theme hi", "theme high-contrast "},
		{"break lo", "break loop "},
		{"set r", "set reg "},
		{"set reg s1", "set reg s1"}, // s1, s10, s11 share "s1"
	}
	for _, tc := range tests {
		m.openCmd(tc.typed)
		press(m, "tab")
		if got := m.cmd.Value(); got != tc.want {
			t.Errorf("tab after %q: %q; want %q", tc.typed, got, tc.want)
		}
		press(m, "esc")
	}
	m.openCmd("set reg s1")
	press(m, "tab")
	if !strings.Contains(m.msg, "s10") || !strings.Contains(m.msg, "s11") {
		t.Errorf("ambiguous completion should list candidates, got %q", m.msg)
	}
}

func TestParseCond(t *testing.T) {
	regs := [32]uint64{10: 5, 11: ^uint64(0)}
	tests := []struct {
		src     string
		want    bool
		wantErr bool
	}{
		{"a0 == 5", true, false},
		{"x10!=5", false, false},
		{"a0 < 6", true, false},
		{"a1 > 5", true, false},    // unsigned: all ones is large
		{"a1 <s 0", true, false},   // signed: -1
		{"a1 >=s 0", false, false}, // signed
		{"pc == 0x80000000", true, false},
		{"a0 <= 4", false, false},
		{"q0 == 1", false, true},
		{"a0 == banana", false, true},
		{"a0", false, true},
	}
	for _, tc := range tests {
		c, err := ParseCond(tc.src)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseCond(%q) error %v; want error %v", tc.src, err, tc.wantErr)
			continue
		}
		if err == nil {
			if got := c.Eval(&regs, 0x80000000); got != tc.want {
				t.Errorf("%q = %v; want %v", tc.src, got, tc.want)
			}
		} else if !strings.Contains(err.Error(), tc.src) {
			t.Errorf("error %q does not name the condition", err)
		}
	}
}

func TestWrapWords(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"a b c", 10, []string{"a b c"}},
		{"alpha beta gamma", 10, []string{"alpha beta", "gamma"}},
		{"supercalifragilistic x", 5, []string{"supercalifragilistic", "x"}},
		{"", 5, []string{""}},
	}
	for _, tc := range tests {
		got := wrapWords(tc.in, tc.width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
