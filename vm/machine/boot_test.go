package machine

import (
	"errors"
	"strings"
	"testing"

	"vmcore/vm/machine/fdt"
)

// rawFile is a raw binary of n bytes whose first word is a self-loop.
func rawFile(name string, n int) File {
	b := make([]byte, n)
	copy(b, []byte{0x6f, 0x00, 0x00, 0x00}) // j .
	return File{Name: name, Data: b}
}

// Firmware, kernel and initrd go where QEMU 7.2 puts them.
func TestBootImagePlacement(t *testing.T) {
	tests := []struct {
		name       string
		files      BootFiles
		ram        uint64
		kernelAt   uint64
		initrd     [2]uint64
		firmwareAt uint64
	}{
		{"fw_jump-sized firmware", BootFiles{Firmware: rawFile("fw", 115328), Kernel: rawFile("k", 4096)}, 128 << 20, 0x80200000, [2]uint64{}, RAMBase},
		{"firmware over 2 MiB", BootFiles{Firmware: rawFile("fw", 2<<20+1), Kernel: rawFile("k", 4096)}, 128 << 20, 0x80400000, [2]uint64{}, RAMBase},
		{"initrd at kernel + RAM/2", BootFiles{Firmware: rawFile("fw", 4096), Kernel: rawFile("k", 4096), Initrd: rawFile("rd", 1000)}, 128 << 20,
			0x80200000, [2]uint64{0x84200000, 0x842003e8}, RAMBase},
		{"initrd at kernel + 128 MiB", BootFiles{Firmware: rawFile("fw", 4096), Kernel: rawFile("k", 4096), Initrd: rawFile("rd", 10)}, 1 << 30,
			0x80200000, [2]uint64{0x88200000, 0x8820000a}, RAMBase},
		{"no kernel", BootFiles{Firmware: rawFile("fw", 4096)}, 128 << 20, 0, [2]uint64{}, RAMBase},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, err := BootImage(tc.files, tc.ram)
			if err != nil {
				t.Fatal(err)
			}
			if img.Entry != tc.firmwareAt || img.Segments[0].Addr != tc.firmwareAt {
				t.Errorf("firmware entered at %#x, placed at %#x", img.Entry, img.Segments[0].Addr)
			}
			if img.Next != tc.kernelAt {
				t.Errorf("next (kernel entry) = %#x, want %#x", img.Next, tc.kernelAt)
			}
			if got := [2]uint64{img.InitrdStart, img.InitrdEnd}; got != tc.initrd {
				t.Errorf("initrd at %#x..%#x, want %#x..%#x", got[0], got[1], tc.initrd[0], tc.initrd[1])
			}
		})
	}
}

// Bad combinations are errors naming the file.
func TestBootImageErrors(t *testing.T) {
	tests := []struct {
		name  string
		files BootFiles
		ram   uint64
		want  string
	}{
		{"no firmware", BootFiles{}, 128 << 20, "no firmware"},
		{"initrd without kernel", BootFiles{Firmware: rawFile("fw", 64), Initrd: rawFile("rd", 64)}, 128 << 20, "rd: "},
		{"kernel beyond RAM", BootFiles{Firmware: rawFile("fw", 64), Kernel: rawFile("k", 4<<20)}, 4 << 20, "k: segment outside RAM"},
		{"initrd beyond RAM", BootFiles{Firmware: rawFile("fw", 64), Kernel: rawFile("k", 64), Initrd: rawFile("rd", 3<<20)}, 4 << 20, "rd: segment outside RAM"},
		{"empty firmware", BootFiles{Firmware: File{Name: "fw"}}, 128 << 20, "fw: empty program"},
		{"bad ELF firmware", BootFiles{Firmware: File{Name: "fw", Data: []byte("\x7fELF\x01")}}, 128 << 20, "fw: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := BootImage(tc.files, tc.ram)
			var le *LoadError
			if err == nil || !errors.As(err, &le) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want a *LoadError containing %q", err, tc.want)
			}
		})
	}
}

// A boot image's DTB names the initrd and bootargs, and the boot ROM hands
// the kernel's entry to the firmware in fw_dynamic_info.
func TestBootImageHandoff(t *testing.T) {
	m := newMachine(t, Config{Bootargs: "console=ttyS0 quiet"})
	img, err := BootImage(BootFiles{Firmware: rawFile("fw", 4096), Kernel: rawFile("k", 4096), Initrd: rawFile("rd", 1000)}, m.Config().RAMSize)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	blob, addr := m.DTB()
	root, err := fdt.Parse(blob)
	if err != nil {
		t.Fatal(err)
	}
	chosen := root.Child("chosen")
	if chosen == nil {
		t.Fatal("no /chosen")
	}
	for _, p := range []struct {
		name string
		want string
	}{{"linux,initrd-start", "\x84\x20\x00\x00"}, {"linux,initrd-end", "\x84\x20\x03\xe8"}, {"bootargs", "console=ttyS0 quiet\x00"}} {
		got, ok := chosen.Prop(p.name)
		if !ok || string(got) != p.want {
			t.Errorf("/chosen/%s = %q, want %q", p.name, got, p.want)
		}
	}
	if v, ok := m.Peek(addr, 4); !ok || v != 0xedfe0dd0 {
		t.Errorf("no DTB magic at %#x in RAM", addr)
	}
	if v, ok := m.Peek(ROMBase+40+16, 8); !ok || v != 0x80200000 {
		t.Errorf("fw_dynamic_info next_addr = %#x, want the kernel at 0x80200000", v)
	}
	if v, ok := m.Peek(0x84200000, 4); !ok || v != 0x6f {
		t.Errorf("initrd not in RAM at 0x84200000: %#x", v)
	}
}
