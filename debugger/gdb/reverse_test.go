package gdb

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// newRecVM is newVM with a debugger.Recorder as History, wired to the
// machine's console input as the CLI does.
func newRecVM(t *testing.T) (*debugger.Debugger, *machine.Symbols) {
	t.Helper()
	data, err := os.ReadFile(progELF)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(progELF, data)
	if err != nil {
		t.Fatal(err)
	}
	var rec *debugger.Recorder
	m, err := machine.New(machine.Config{RAMSize: 1 << 20,
		OnInput: func(n uint64, b []byte) { rec.OnInput(n, b) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	// Small intervals so that the short guest spans several snapshots.
	rec = debugger.NewRecorder(m, debugger.RecorderOptions{Every: 16, Max: 8})
	d := debugger.New(m, debugger.Options{History: rec})
	t.Cleanup(func() {
		d.Close()
		m.Close()
	})
	return d, img.Symbols
}

func TestReversePackets(t *testing.T) {
	d, syms := newRecVM(t)
	c := newClient(t, &Server{Debugger: d})
	add := symAddr(t, syms, "add")
	if got := c.cmd("qSupported:swbreak+;hwbreak+"); !strings.Contains(got, "ReverseStep+") || !strings.Contains(got, "ReverseContinue+") {
		t.Fatalf("qSupported with history: %s", got)
	}
	pc := func() uint64 {
		v, _ := parseLEHex(c.cmd("p20"))
		return v
	}
	c.cmd(fmt.Sprintf("Z0,%x,2", add))
	var hits []uint64
	for range 2 {
		if got := c.cmd("c"); got != "T05thread:1;swbreak:;" {
			t.Fatalf("continue: %s", got)
		}
		hits = append(hits, d.Icount())
	}
	tests := []struct {
		pkt    string
		want   string
		icount uint64
		pc     uint64
	}{
		{"s", "T05thread:1;", hits[1] + 1, 0},
		{"bs", "T05thread:1;", hits[1], add},
		{"bc", "T05thread:1;swbreak:;", hits[0], add},
		{"bc", "T05thread:1;replaylog:begin;", 0, 0},
		{"c", "T05thread:1;swbreak:;", hits[0], add},
	}
	for _, tc := range tests {
		if got := c.cmd(tc.pkt); got != tc.want {
			t.Fatalf("%s -> %s, want %s", tc.pkt, got, tc.want)
		}
		if got := d.Icount(); got != tc.icount {
			t.Fatalf("%s: icount %d, want %d", tc.pkt, got, tc.icount)
		}
		if tc.pc != 0 && pc() != tc.pc {
			t.Fatalf("%s: pc %#x, want %#x", tc.pkt, pc(), tc.pc)
		}
	}
}

func TestGDBReverse(t *testing.T) {
	d, syms := newRecVM(t)
	addr := serveTCP(t, d)
	add := symAddr(t, syms, "add")
	// Three calls of add(s, i) for i = 0, 1, 2; then stepi forward and
	// back, and reverse-continue to the call before, twice, then past the
	// first to the start of history.
	out := runGDB(t, addr, []string{
		fmt.Sprintf("break *%#x", add),
		"continue", "continue", "continue",
		`printf "B %d\n", $a1`,
		`printf "PC %lx\n", $pc`,
		"stepi",
		`printf "PC %lx\n", $pc`,
		"stepi",
		`printf "PC %lx\n", $pc`,
		"reverse-stepi",
		`printf "PC %lx\n", $pc`,
		"reverse-stepi",
		`printf "PC %lx\n", $pc`,
		"reverse-continue",
		`printf "B %d\n", $a1`,
		"reverse-continue",
		`printf "B %d\n", $a1`,
		"reverse-continue",
		"monitor icount",
		"delete",
		"continue",
	})
	if got := lines(out, "B"); strings.Join(got, ",") != "2,1,0" {
		t.Errorf("add's b at the hits forward then backward = %v, want 2,1,0\n%s", got, out)
	}
	pcs := lines(out, "PC")
	h := strconv.FormatUint(add, 16)
	if len(pcs) != 5 || pcs[0] != h || pcs[3] != pcs[1] || pcs[4] != h || pcs[1] == h || pcs[2] == pcs[1] {
		t.Errorf("stepi, stepi, reverse-stepi, reverse-stepi from add (%s): pcs %v\n%s", h, pcs, out)
	}
	for _, want := range []string{"No more reverse-execution history", "icount 0", "exited normally"} {
		if !strings.Contains(out, want) {
			t.Errorf("gdb output lacks %q:\n%s", want, out)
		}
	}
}
