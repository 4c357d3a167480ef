package device

import (
	"bytes"
	"encoding/binary"
	"testing"
)

const (
	tohost   = 0x80001000
	fromhost = 0x80001040
)

func newTestHTIF(hasFromhost bool) (*HTIF, *ram, *bytes.Buffer) {
	r := &ram{base: 0x80000000, b: make([]byte, 0x4000)}
	var out bytes.Buffer
	return NewHTIF(r, tohost, fromhost, hasFromhost, &out), r, &out
}

func put64(r *ram, addr, v uint64) { binary.LittleEndian.PutUint64(r.b[addr-r.base:], v) }
func get64(r *ram, addr uint64) uint64 {
	return binary.LittleEndian.Uint64(r.b[addr-r.base:])
}

func TestHTIFExit(t *testing.T) {
	tests := []struct {
		name  string
		value uint64
		code  uint64
	}{
		{"pass", 1, 0},
		{"fail test 3", 3<<1 | 1, 3},
		{"riscv-tests low word", 0x0000_0000_0000_0055, 0x2a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, r, _ := newTestHTIF(true)
			put64(r, tohost, tt.value)
			if !h.Touches(tohost+4, 4) || !h.Touches(tohost, 4) || h.Touches(tohost+8, 8) || h.Touches(tohost-8, 8) {
				t.Fatal("Touches wrong")
			}
			if !h.Poll() {
				t.Fatal("Poll did not report exit")
			}
			ex, code := h.Exit()
			if !ex || code != tt.code {
				t.Errorf("Exit() = %v, %d; want true, %d", ex, code, tt.code)
			}
		})
	}
}

func TestHTIFConsole(t *testing.T) {
	for _, fh := range []bool{false, true} {
		h, r, out := newTestHTIF(fh)
		for _, c := range []byte("ok") {
			put64(r, tohost, 1<<56|1<<48|uint64(c))
			if h.Poll() {
				t.Fatal("putchar reported exit")
			}
			if get64(r, tohost) != 0 {
				t.Error("tohost not cleared")
			}
			want := uint64(0)
			if fh {
				want = 1<<56 | 1<<48 | 0x100 | uint64(c)
			}
			if got := get64(r, fromhost); got != want {
				t.Errorf("fromhost = %#x, want %#x", got, want)
			}
			put64(r, fromhost, 0)
		}
		if out.String() != "ok" {
			t.Errorf("console = %q", out.String())
		}
	}
}

func TestHTIFSyscalls(t *testing.T) {
	h, r, out := newTestHTIF(true)
	const block, buf = 0x80002000, 0x80002100
	copy(r.b[buf-r.base:], "hello")
	put64(r, block, sysWrite)
	put64(r, block+8, 1)
	put64(r, block+16, buf)
	put64(r, block+24, 5)
	put64(r, tohost, block)
	if h.Poll() {
		t.Fatal("write reported exit")
	}
	if out.String() != "hello" || get64(r, block) != 5 || get64(r, fromhost) != 1 {
		t.Errorf("write: out %q ret %d fromhost %#x", out.String(), get64(r, block), get64(r, fromhost))
	}
	put64(r, block, 1234) // unknown syscall
	put64(r, tohost, block)
	h.Poll()
	if got := int64(get64(r, block)); got != -enosys {
		t.Errorf("unknown syscall returned %d", got)
	}
	put64(r, block, sysExit)
	put64(r, block+8, 9)
	put64(r, tohost, block)
	if !h.Poll() {
		t.Fatal("SYS_exit did not exit")
	}
	if _, code := h.Exit(); code != 9 {
		t.Errorf("exit code %d", code)
	}
	// A pointer outside RAM is ignored, not a crash.
	h2, r2, _ := newTestHTIF(true)
	put64(r2, tohost, 0x10)
	if h2.Poll() {
		t.Error("bad pointer exited")
	}
	if len(h2.State()) == 0 {
		t.Error("no state")
	}
}
