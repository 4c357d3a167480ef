package device

import (
	"bytes"
	"strings"
	"testing"
)

// statefulDevices builds one of each device, with some state changed from
// power-on so that a restore onto a fresh device shows.
func statefulDevices(t *testing.T) map[string]func(mutate bool) Stateful {
	return map[string]func(bool) Stateful{
		"finisher": func(m bool) Stateful {
			f := NewFinisher()
			if m {
				mustStore(t, f, 0, 4, 0x3333|7<<16)
			}
			return f
		},
		"clint": func(m bool) Stateful {
			c := NewCLINT(2, &clock{t: 100}, newLines())
			if m {
				mustStore(t, c, 0x4008, 8, 1234) // mtimecmp of hart 1
				mustStore(t, c, 0, 4, 1)         // msip of hart 0
			}
			return c
		},
		"plic": func(m bool) Stateful {
			p := NewPLIC(2, newLines())
			if m {
				mustStore(t, p, 4*10, 4, 3)
				mustStore(t, p, 0x2000, 4, 1<<10)
				p.SetIRQ(10, true)
			}
			return p
		},
		"uart": func(m bool) Stateful {
			u := NewUART(nil, &irqs{}, UARTIRQ)
			if m {
				mustStore(t, u, 2, 1, 0x07) // FIFO on
				mustStore(t, u, 1, 1, 0x01)
				u.Input([]byte(strings.Repeat("x", 40))) // fills the FIFO, queues the rest
				mustLoad(t, u, 0, 1)
			}
			return u
		},
		"htif": func(m bool) Stateful {
			r := &ram{base: 0x80000000, b: make([]byte, 4096)}
			h := NewHTIF(r, 0x80000000, 0x80000008, true, nil)
			if m {
				h.exited, h.code, h.commands = true, 3, 2
			}
			return h
		},
	}
}

func TestDeviceStateRoundTrip(t *testing.T) {
	for name, mk := range statefulDevices(t) {
		t.Run(name, func(t *testing.T) {
			src, dst := mk(true), mk(false)
			saved := src.Save()
			if bytes.Equal(saved, dst.Save()) {
				t.Fatal("changed and fresh device save the same state: the test proves nothing")
			}
			if err := dst.Restore(saved); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(dst.Save(), saved) {
				t.Error("restored device saves different state")
			}
			if d, ok := src.(Device); ok {
				for i, f := range d.State() {
					if g := dst.(Device).State()[i]; g != f {
						t.Errorf("field %s = %v after restore, want %v", f.Name, g, f)
					}
				}
			}
		})
	}
}

func TestDeviceRestoreRejectsDamage(t *testing.T) {
	for name, mk := range statefulDevices(t) {
		t.Run(name, func(t *testing.T) {
			saved := mk(true).Save()
			bad := map[string][]byte{
				"empty":     nil,
				"version":   append([]byte{99}, saved[1:]...),
				"truncated": saved[:len(saved)-1],
				"trailing":  append(bytes.Clone(saved), 0),
			}
			for what, b := range bad {
				d := mk(false)
				before := d.Save()
				err := d.Restore(b)
				if err == nil || !strings.Contains(err.Error(), d.Name()) {
					t.Errorf("%s: err = %v, want an error naming %s", what, err, d.Name())
				}
				if !bytes.Equal(d.Save(), before) {
					t.Errorf("%s: a refused restore changed the device", what)
				}
			}
		})
	}
	// A CLINT state for another hart count is refused.
	c1 := NewCLINT(1, &clock{}, newLines())
	if err := c1.Restore(NewCLINT(2, &clock{}, newLines()).Save()); err == nil {
		t.Error("CLINT restored a 2-hart state on 1 hart")
	}
}
