package debugger

import (
	"fmt"
	"strings"
	"testing"
)

func replaceAll(s, old, new string) string { return strings.ReplaceAll(s, old, new) }

func hexAddr(a uint64) string { return fmt.Sprintf("%#x", a) }

// mapEnv is an Env over fixed registers and sparse memory.
type mapEnv struct {
	regs map[string]uint64
	mem  map[uint64]byte
}

func (e mapEnv) Register(name string) (uint64, bool) {
	v, ok := e.regs[name]
	return v, ok
}

func (e mapEnv) Memory(addr uint64, size int) (uint64, bool) {
	var v uint64
	for i := range size {
		b, ok := e.mem[addr+uint64(i)]
		if !ok {
			return 0, false
		}
		v |= uint64(b) << (8 * i)
	}
	return v, true
}

func TestExprEval(t *testing.T) {
	env := mapEnv{
		regs: map[string]uint64{"a0": 5, "a1": 3, "sp": 0x1000, "pc": 0x80000000},
		mem:  map[uint64]byte{0x1008: 0x11, 0x1009: 0x22, 0x100a: 0, 0x100b: 0, 0x100c: 0, 0x100d: 0, 0x100e: 0, 0x100f: 0},
	}
	tests := []struct {
		src  string
		want uint64
	}{
		{"a0 == 5", 1},
		{"a0 != 5", 0},
		{"$a0 + a1 * 2", 11},
		{"(a0 + a1) * 2", 16},
		{"mem64[sp+8] != 0", 1},
		{"mem16[sp + 8]", 0x2211},
		{"mem8[sp+9] == 0x22", 1},
		{"1 << 4 | 1", 17},
		{"0xff & ~0xf ^ 0x1", 0xf1},
		{"a0 > a1 && a1 >= 3 || 0", 1},
		{"!a0", 0},
		{"-1", ^uint64(0)},
		{"a0 < a1", 0},
		{"a0 <= 5", 1},
		{"pc >> 28", 8},
		{"10 / 3 + 10 % 3", 4},
		{"0 && mem64[0]", 0}, // short circuit: the read never happens
		{"1 || mem64[0]", 1},
		{"0b101", 5},
	}
	for _, tc := range tests {
		e, err := ParseExpr(tc.src, nil)
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		got, err := e.Eval(env)
		if err != nil || got != tc.want {
			t.Errorf("%q = %#x, %v; want %#x", tc.src, got, err, tc.want)
		}
	}
}

func TestExprErrors(t *testing.T) {
	known := func(n string) bool { return n == "a0" }
	parseErrs := []string{"", "a0 ==", "(a0", "mem64[a0", "a0 a0", "zz == 1", "1 @ 2", "0xzz", "mem32", strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500), strings.Repeat("-", 1000) + "1"}
	for _, src := range parseErrs {
		if _, err := ParseExpr(src, known); err == nil {
			t.Errorf("%q parsed", src)
		}
	}
	evalErrs := []string{"mem8[0x99]", "1 / 0", "a0 % 0"}
	for _, src := range evalErrs {
		e, err := ParseExpr(src, known)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if _, err := e.Eval(mapEnv{regs: map[string]uint64{"a0": 0}}); err == nil {
			t.Errorf("%q evaluated", src)
		}
	}
}

func TestTargetXML(t *testing.T) {
	a := RISCV64([]uint16{0x300, 0x341})
	x := a.TargetXML()
	for _, want := range []string{
		"<architecture>riscv:rv64</architecture>", "<osabi>none</osabi>",
		`<feature name="org.gnu.gdb.riscv.cpu">`, `<reg name="zero" bitsize="64" regnum="0"`,
		`<reg name="pc" bitsize="64" regnum="32" type="code_ptr"`,
		`<feature name="org.gnu.gdb.riscv.csr">`, `<reg name="mstatus" bitsize="64" regnum="833"`,
		`<reg name="mepc" bitsize="64" regnum="898"`,
		`<feature name="org.gnu.gdb.riscv.virtual">`, `<reg name="priv" bitsize="64" regnum="4161"`,
	} {
		if !strings.Contains(x, want) {
			t.Errorf("target XML lacks %s:\n%s", want, x)
		}
	}
	for _, name := range []string{"x8", "s0", "fp", "a0", "x10", "mstatus", "csr768", "priv", "pc"} {
		if _, ok := a.Lookup(name); !ok {
			t.Errorf("no register %q", name)
		}
	}
	if i, ok := a.ByGDB(4161); !ok || a.Registers[i].Name != "priv" {
		t.Errorf("gdb 4161 = %v %v", i, ok)
	}
}
