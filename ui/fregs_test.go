package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// The f-register view: toggled by its key in the registers pane and by
// the regs command, with fflags, frm and fcsr decoded and each register
// read as a double or a NaN-boxed single.
func TestFRegsToggle(t *testing.T) {
	tests := []struct {
		name    string
		do      func(m *Model)
		want    regsView
		wantMsg string // substring of an error message; "" for none
	}{
		{"key v", func(m *Model) { press(m, "v") }, viewF, ""},
		{"key v twice", func(m *Model) { press(m, "v", "v") }, viewX, ""},
		{"key x then v", func(m *Model) { press(m, "x", "v") }, viewF, ""},
		{"regs f", func(m *Model) { typeCmd(m, "regs f") }, viewF, ""},
		{"regs csr", func(m *Model) { typeCmd(m, "regs csr") }, viewCSR, ""},
		{"regs F then x", func(m *Model) { typeCmd(m, "regs F"); typeCmd(m, "regs x") }, viewX, ""},
		{"regs cycles", func(m *Model) { typeCmd(m, "regs"); typeCmd(m, "regs") }, viewF, ""},
		{"regs bad", func(m *Model) { typeCmd(m, "regs y") }, viewX, `unknown view "y"`},
		{"regs too many", func(m *Model) { typeCmd(m, "regs f x") }, viewX, "usage: regs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel(t, newFake(), 120, 40)
			m.setFocus(paneRegs)
			tc.do(m)
			if m.regs.view != tc.want {
				t.Errorf("view %d, want %d", m.regs.view, tc.want)
			}
			if tc.wantMsg != "" && (!m.msgErr || !strings.Contains(m.msg, tc.wantMsg)) {
				t.Errorf("message %q (error %v), want %q", m.msg, m.msgErr, tc.wantMsg)
			}
			if tc.wantMsg == "" && m.msgErr {
				t.Errorf("unexpected error %q", m.msg)
			}
		})
	}
}

func TestFRegsView(t *testing.T) {
	m := newModel(t, newFake(), 120, 40)
	typeCmd(m, "regs f")
	v := view(m)
	for _, want := range []string{
		"fflags 00000001  NX", "frm    00000001  rtz", "fcsr   00000021  frm=rtz flags=NX",
		"ft0  3ff0000000000000 d 1", "ft1  ffffffff3fc00000 s 1.5 d NaN", "ft2  fff0000000000000 d -Inf",
		"fs0  7ff8000000000000 d NaN", "fa0  400921fb54442d18 d 3.141592653589793",
		"fa1  ffffffffc0490fdb s -3.1415927 d NaN",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("f view lacks %q:\n%s", want, v)
		}
	}
	// The pane scrolls to the last registers.
	m.setFocus(paneRegs)
	for range 40 {
		press(m, "j")
	}
	if v := view(m); !strings.Contains(v, "ft11 ") || strings.Contains(v, "fflags") {
		t.Errorf("scrolled to the end, the view should show ft11 and not fflags:\n%s", v)
	}

	f := newFake()
	f.fpu = false
	m = newModel(t, f, 120, 40)
	typeCmd(m, "regs f")
	if v := view(m); !strings.Contains(v, "no F or D extension") {
		t.Errorf("a hart without an FPU:\n%s", v)
	}
}

// Changed f registers and floating-point CSRs are highlighted like the
// integer ones: relative to the state when the VM last resumed.
func TestFRegsChanged(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 120, 40)
	m.th.Changed = lipgloss.NewStyle().Transform(func(s string) string { return "«" + s + "»" })
	m.tgen++
	typeCmd(m, "regs f")
	if v := view(m); strings.Contains(v, "«") {
		t.Fatalf("nothing changed yet, but something is highlighted:\n%s", v)
	}
	f.fregs[3] = 0x4000000000000000
	f.fcsr |= 1 << 4 // NV
	f.gen++
	m.Update(tickMsg{gen: m.tickGen})
	v := view(m)
	for _, want := range []string{"ft3  «4000000000000000» d 2", "fflags «00000011»  NV NX", "fcsr   «00000031»", "ft0  3ff0000000000000"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestDecodeFP(t *testing.T) {
	tests := []struct {
		name string
		v    uint64
		want string
	}{
		{"fflags", 0x1f, "NV DZ OF UF NX"},
		{"fflags", 0, "none"},
		{"fflags", 0x0a, "DZ UF"},
		{"frm", 0, "rne"}, {"frm", 1, "rtz"}, {"frm", 2, "rdn"}, {"frm", 3, "rup"}, {"frm", 4, "rmm"},
		{"frm", 5, "reserved(5)"}, {"frm", 7, "dyn"},
		{"fcsr", 4<<5 | 0x10, "frm=rmm flags=NV"},
		{"fcsr", 0, "frm=rne flags=none"},
		{"mstatus", 0 << 13, "FS=Off"}, {"mstatus", 1 << 13, "FS=Initial"},
		{"mstatus", 2 << 13, "FS=Clean"}, {"sstatus", 3 << 13, "FS=Dirty"},
	}
	for _, tc := range tests {
		if got := decodeCSR(tc.name, tc.v); !strings.Contains(got, tc.want) {
			t.Errorf("decodeCSR(%s, %#x) = %q, want it to contain %q", tc.name, tc.v, got, tc.want)
		}
	}
	floats := []struct {
		v    uint64
		want string
	}{
		{0, "d 0"},
		{0x8000000000000000, "d -0"},
		{0x3fb999999999999a, "d 0.1"},
		{0x7ff0000000000000, "d +Inf"},
		{0xffffffff00000000, "s 0 d NaN"},
		{0xffffffff7fc00000, "s NaN d NaN"},
		{0xfffffffe3f800000, "d NaN"}, // not boxed: one upper bit clear
		{0xffffffff3f800000, "s 1 d NaN"},
	}
	for _, tc := range floats {
		if got := decodeFloat(tc.v); got != tc.want {
			t.Errorf("decodeFloat(%#x) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// The anatomy pane's "what changed" names f registers and the flags an
// instruction changed.
func TestStepEffectFP(t *testing.T) {
	f := newFake()
	f.onStep = func() {
		f.fregs[10] = 0x4000000000000000
		f.fcsr |= 1 << 4 // NV
	}
	m := newModel(t, f, 120, 40)
	press(m, "s")
	got := strings.Join(m.effect, "\n")
	for _, want := range []string{"fa0: 0x400921fb54442d18 → 0x4000000000000000 (d 2)", "fflags: 0x1 → 0x11 (NV NX)"} {
		if !strings.Contains(got, want) {
			t.Errorf("effect lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "fcsr") {
		t.Errorf("effect repeats fflags as fcsr:\n%s", got)
	}
}
