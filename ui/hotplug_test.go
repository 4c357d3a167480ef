package ui

import (
	"strings"
	"testing"
)

// attach and detach on the command line, through the backend's
// Hotplugger, with their errors shown on the message line.
func TestHotplugCommands(t *testing.T) {
	tests := []struct {
		name      string
		busy      []int // slots that refuse detaching (requests in flight)
		lines     []string
		wantErr   string // substring of the last message, an error; "" for success
		wantMsg   string // substring of the last message on success
		wantSlots []VirtioSlot
	}{
		{name: "attach rng takes the highest free slot", lines: []string{"attach rng"},
			wantMsg: "attached rng in virtio slot 7", wantSlots: []VirtioSlot{{7, "rng"}}},
		{name: "attach blk with a slot", lines: []string{"attach blk:file=disk.img,readonly,slot=3"},
			wantMsg: "virtio slot 3", wantSlots: []VirtioSlot{{3, "blk:file=disk.img,readonly"}}},
		{name: "two devices", lines: []string{"attach rng", "attach console"},
			wantMsg: "slot 6", wantSlots: []VirtioSlot{{6, "console"}, {7, "rng"}}},
		{name: "attach without a spec", lines: []string{"attach"}, wantErr: "usage: attach SPEC"},
		{name: "unknown kind", lines: []string{"attach gpu"}, wantErr: `unknown device kind "gpu"`},
		{name: "blk without a file", lines: []string{"attach blk"}, wantErr: "blk needs file=PATH"},
		{name: "bad option", lines: []string{"attach rng:size=3"}, wantErr: `option "size=3"`},
		{name: "comma for colon", lines: []string{"attach rng,slot=2"}, wantMsg: "slot 2",
			wantSlots: []VirtioSlot{{2, "rng"}}},
		{name: "slot busy", lines: []string{"attach rng:slot=2", "attach console:slot=2"}, wantErr: "slot 2 (0x10003000): slot already holds a device",
			wantSlots: []VirtioSlot{{2, "rng"}}},
		{name: "detach", lines: []string{"attach rng", "detach 7"}, wantMsg: "detached the device in virtio slot 7"},
		{name: "detach an empty slot", lines: []string{"detach 4"}, wantErr: "detach 4:"},
		{name: "detach in flight", busy: []int{7}, lines: []string{"attach rng", "detach 7"}, wantErr: "in flight",
			wantSlots: []VirtioSlot{{7, "rng"}}},
		{name: "detach not a number", lines: []string{"detach seven"}, wantErr: `"seven" is not a slot number`},
		{name: "detach without a slot", lines: []string{"detach"}, wantErr: "usage: detach SLOT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			for _, s := range tc.busy {
				f.busy[s] = true
			}
			m := newModel(t, fakeFull{f}, 120, 40)
			for _, l := range tc.lines {
				typeCmd(m, l)
			}
			switch {
			case tc.wantErr != "":
				if !m.msgErr || !strings.Contains(m.msg, tc.wantErr) {
					t.Errorf("message %q (error %v), want an error with %q", m.msg, m.msgErr, tc.wantErr)
				}
			default:
				if m.msgErr || !strings.Contains(m.msg, tc.wantMsg) {
					t.Errorf("message %q (error %v), want %q", m.msg, m.msgErr, tc.wantMsg)
				}
			}
			got := fakeFull{f}.VirtioSlots()
			if len(got) != len(tc.wantSlots) {
				t.Fatalf("slots %v, want %v", got, tc.wantSlots)
			}
			for i := range got {
				if got[i] != tc.wantSlots[i] {
					t.Errorf("slots %v, want %v", got, tc.wantSlots)
				}
			}
		})
	}
}

// A backend that cannot hot-plug says so.
func TestHotplugUnsupported(t *testing.T) {
	for _, line := range []string{"attach rng", "detach 1"} {
		m := newModel(t, newFake(), 120, 40)
		typeCmd(m, line)
		if !m.msgErr || !strings.Contains(m.msg, "cannot hot-plug") {
			t.Errorf("%s: message %q", line, m.msg)
		}
	}
}

func TestHotplugCompletion(t *testing.T) {
	f := newFake()
	m := newModel(t, fakeFull{f}, 120, 40)
	typeCmd(m, "attach rng")
	typeCmd(m, "attach console")
	tests := []struct{ typed, want, listed string }{
		{"att", "attach ", ""},
		{"attach b", "attach blk:file=", ""}, // a value follows: no space
		{"attach r", "attach rng", "rng:seed="},
		{"attach c", "attach console ", ""},
		{"det", "detach ", ""},
		{"detach ", "detach ", "6  7"},
		{"detach 7", "detach 7 ", ""},
		{"regs ", "regs ", "x  csr  f"},
		{"events Dev", "events Device", "DeviceAttached  DeviceDetached"},
	}
	for _, tc := range tests {
		m.setMsg("", false)
		m.openCmd(tc.typed)
		press(m, "tab")
		if got := m.cmd.Value(); got != tc.want {
			t.Errorf("tab after %q: %q; want %q", tc.typed, got, tc.want)
		}
		if tc.listed != "" && !strings.Contains(m.msg, tc.listed) {
			t.Errorf("tab after %q lists %q; want %q", tc.typed, m.msg, tc.listed)
		}
		press(m, "esc")
	}
}
