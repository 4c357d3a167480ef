package virtio

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func rngBytes(t *testing.T, tr *Transport, d *driver, n int) []byte {
	t.Helper()
	before := d.usedIdx()
	d.submit(0, buf{ramBase + 0x1000, uint32(n), true})
	if d.usedIdx() != before+1 {
		t.Fatal("rng request not completed")
	}
	if _, ln := d.usedEntry(before); ln != uint32(n) {
		t.Errorf("used length %d, want %d", ln, n)
	}
	return bytes.Clone(d.mem.b[0x1000 : 0x1000+n])
}

func newRNGDriver(t *testing.T, seed uint64) (*Transport, *driver) {
	mem := newRAM()
	tr := NewTransport(0, false, mem, irqs{})
	if err := tr.Attach(NewRNG(seed)); err != nil {
		t.Fatal(err)
	}
	d := &driver{t: t, tr: tr, mem: mem}
	d.setup(0, 8)
	return tr, d
}

// The same seed gives the same bytes; another seed others; a restored
// state goes on with the same stream.
func TestRNGDeterministic(t *testing.T) {
	a, da := newRNGDriver(t, 42)
	b, db := newRNGDriver(t, 42)
	c, dc := newRNGDriver(t, 43)
	x := rngBytes(t, a, da, 64)
	if y := rngBytes(t, b, db, 64); !bytes.Equal(x, y) {
		t.Error("same seed, different bytes")
	}
	if z := rngBytes(t, c, dc, 64); bytes.Equal(x, z) {
		t.Error("different seeds, same bytes")
	}
	if bytes.Equal(x, make([]byte, 64)) {
		t.Error("rng gave zeros")
	}
	saved := a.Save()
	next := rngBytes(t, a, da, 32)
	if err := b.Restore(saved); err != nil {
		t.Fatal(err)
	}
	if again := rngBytes(t, b, db, 32); !bytes.Equal(next, again) {
		t.Error("restored generator diverges")
	}
	if err := c.Restore(saved); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("restore across seeds: %v", err)
	}
}

// The console writes the transmit queue to its writer and fills posted
// receive buffers with input, which waits while no buffer is posted.
func TestConsole(t *testing.T) {
	mem := newRAM()
	var out bytes.Buffer
	con := NewConsole(&out)
	tr := NewTransport(1, true, mem, irqs{})
	if err := tr.Attach(con); err != nil {
		t.Fatal(err)
	}
	d := &driver{t: t, tr: tr, mem: mem}
	d.setup(1, 8)
	copy(mem.b[0x1000:], "hello")
	d.submit(1, buf{ramBase + 0x1000, 5, false})
	if out.String() != "hello" {
		t.Errorf("console output %q", out.String())
	}
	d.w(regInterruptACK, IntUsedBuffer)

	con.Input([]byte("typed"))
	if con.Pending() != 5 {
		t.Fatalf("pending %d before a receive buffer is posted", con.Pending())
	}
	rx := &driver{t: t, tr: tr, mem: mem, num: 8}
	rx.desc = ramBase + 0x40000
	d.w(regQueueSel, 0)
	d.w(regQueueNum, 8)
	d.w(regQueueAlign, 4096)
	d.w(regQueuePFN, uint32(rx.desc/4096))
	rx.avail = rx.desc + 16*8
	rx.used = (rx.avail + 6 + 16 + 4095) &^ 4095
	rx.post(buf{ramBase + 0x2000, 3, true})
	if n, _ := tr.InFlight(); n != 0 {
		t.Errorf("posted receive buffers count as %d requests in flight", n)
	}
	d.w(regQueueNotify, 0)
	if got := string(mem.b[0x2000:0x2003]); got != "typ" || con.Pending() != 2 {
		t.Errorf("received %q, %d pending", got, con.Pending())
	}
	rx.post(buf{ramBase + 0x2100, 16, true})
	d.w(regQueueNotify, 0)
	if got := string(mem.b[0x2100:0x2102]); got != "ed" || con.Pending() != 0 {
		t.Errorf("received %q, %d pending", got, con.Pending())
	}
	con.Input([]byte("!"))
	if con.Pending() != 1 {
		t.Error("input delivered without a posted buffer")
	}
	rx.post(buf{ramBase + 0x2200, 16, true})
	d.w(regQueueNotify, 0)
	if mem.b[0x2200] != '!' {
		t.Error("input not delivered once a buffer was posted")
	}
}

// Spec text parses to what it says, and bad text gives errors naming it.
func TestParseSpec(t *testing.T) {
	tests := []struct {
		text string
		want Spec
		err  string
	}{
		{"blk:file=d.img", Spec{Kind: "blk", Slot: -1, File: "d.img"}, ""},
		{"blk:file=d.img,readonly", Spec{Kind: "blk", Slot: -1, File: "d.img", Mode: BlkReadOnly}, ""},
		{"blk:file=a,,b.img,overlay=c.cow,slot=3", Spec{Kind: "blk", Slot: 3, File: "a,b.img", Mode: BlkOverlayFile, Overlay: "c.cow"}, ""},
		{"blk:file=d.img,writable", Spec{Kind: "blk", Slot: -1, File: "d.img", Mode: BlkWritable}, ""},
		{"rng", Spec{Kind: "rng", Slot: -1}, ""},
		{"rng,slot=7", Spec{Kind: "rng", Slot: 7}, ""},
		{"console,slot=5", Spec{Kind: "console", Slot: 5}, ""},
		{"rng,seed=3,slot=2", Spec{Kind: "rng", Slot: 2, Seed: 3, HasSeed: true}, ""},
		{"rng:seed=0x10", Spec{Kind: "rng", Slot: -1, Seed: 16, HasSeed: true}, ""},
		{"console:slot=0", Spec{Kind: "console", Slot: 0}, ""},
		{"", Spec{}, "no device kind"},
		{"net:file=x", Spec{}, `unknown device kind "net"`},
		{"blk", Spec{}, "needs file=PATH"},
		{"blk:file=d.img,readonly,writable", Spec{}, "exclude each other"},
		{"blk:file=d.img,ro", Spec{}, `option "ro"`},
		{"rng:seed=abc", Spec{}, "not a number"},
		{"rng:slot=8", Spec{}, "want 0..7"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, err := ParseSpec(tc.text)
			if tc.err != "" {
				if err == nil || !errors.Is(err, ErrBadSpec) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			again, err := ParseSpec(got.String())
			if err != nil || again != got {
				t.Errorf("String %q parses to %+v, %v", got.String(), again, err)
			}
		})
	}
}

// --drive's syntax is a blk spec without the kind and file= prefix.
func TestParseDrive(t *testing.T) {
	tests := []struct {
		text string
		want Spec
		bad  bool
	}{
		{"disk.img", Spec{Kind: "blk", Slot: -1, File: "disk.img"}, false},
		{"disk.img,readonly", Spec{Kind: "blk", Slot: -1, File: "disk.img", Mode: BlkReadOnly}, false},
		{"x,,y.img,overlay=o", Spec{Kind: "blk", Slot: -1, File: "x,y.img", Mode: BlkOverlayFile, Overlay: "o"}, false},
		{",readonly", Spec{}, true},
		{"disk.img,bogus", Spec{}, true},
	}
	for _, tc := range tests {
		got, err := ParseDrive(tc.text)
		if tc.bad {
			if err == nil || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("%q: error %v, want one naming the value", tc.text, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: got %+v, %v; want %+v", tc.text, got, err, tc.want)
		}
	}
}
