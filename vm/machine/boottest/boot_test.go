package boottest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vmcore/internal/testtools"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// Debian's firmware images.
const (
	FwJump = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
	UBoot  = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
)

const (
	// slice is how many instructions run between looks at the console:
	// the resolution of the reported instruction counts.
	slice = 100_000
	// budget bounds every wait; U-Boot needs far fewer.
	budget = 2_000_000_000
)

// session drives a booting machine: it runs until the console shows a
// text, and types.
type session struct {
	t       *testing.T
	m       *machine.Machine
	console bytes.Buffer
	seen    int // console bytes already matched
}

func newSession(t *testing.T, cfg machine.Config) *session {
	t.Helper()
	fw := testtools.NeedFile(t, FwJump, "opensbi")
	ub := testtools.NeedFile(t, UBoot, "u-boot-qemu")
	s := &session{t: t}
	cfg.Console = &s.console
	m, err := machine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	var files machine.BootFiles
	for _, f := range []struct {
		dst  *machine.File
		path string
	}{{&files.Firmware, fw}, {&files.Kernel, ub}} {
		data, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		*f.dst = machine.File{Name: f.path, Data: data}
	}
	img, err := machine.BootImage(files, m.Config().RAMSize)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	s.m = m
	return s
}

// waitFor runs until the console, after what earlier waits matched,
// contains text; it returns the console output from there up to the end
// of the match.
func (s *session) waitFor(text string) string {
	s.t.Helper()
	limit := s.m.Icount() + budget
	for {
		if i := strings.Index(s.console.String()[s.seen:], text); i >= 0 {
			out := s.console.String()[s.seen : s.seen+i+len(text)]
			s.seen += i + len(text)
			return out
		}
		if s.m.Icount() >= limit {
			s.t.Fatalf("no %q on the console after %d instructions; console:\n%s", text, budget, s.console.String())
		}
		r := s.m.Run(context.Background(), s.m.Icount()+slice)
		if r.Reason != machine.ReasonLimit {
			s.t.Fatalf("machine stopped (%v at pc %#x, icount %d) waiting for %q; console:\n%s",
				r.Reason, r.PC, r.Icount, text, s.console.String())
		}
	}
}

// typeLine types text as a terminal would, ending with a carriage return.
func (s *session) typeLine(text string) {
	s.m.InjectInput([]byte(text + "\r"))
}

// newDisk makes a 1 MiB image with a recognisable first sector.
func newDisk(t *testing.T) string {
	t.Helper()
	img := make([]byte, 1<<20)
	copy(img, "vmcore boot test disk")
	p := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(p, img, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// OpenSBI's banner prints, U-Boot runs in S-mode, reaches its prompt,
// answers `version`, and finds and lists a virtio-blk disk, on both
// transport layouts.
func TestUBoot(t *testing.T) {
	for _, modern := range []bool{false, true} {
		t.Run(fmt.Sprintf("modern=%v", modern), func(t *testing.T) {
			disk := newDisk(t)
			s := newSession(t, machine.Config{
				VirtioModern: modern,
				Virtio:       []virtio.Spec{{Kind: "blk", Slot: -1, File: disk, Mode: virtio.BlkReadOnly}},
			})
			start := time.Now()
			banner := s.waitFor("Boot HART")
			if !strings.Contains(banner, "OpenSBI v1.") {
				t.Errorf("no OpenSBI banner before U-Boot; console:\n%s", banner)
			}
			s.waitFor("Domain0 Next Mode")
			mode := s.waitFor("\n")
			if !strings.Contains(mode, "S-mode") {
				t.Errorf("OpenSBI hands over in %q, want S-mode", strings.TrimSpace(mode))
			}
			s.waitFor("Hit any key to stop autoboot")
			s.typeLine("") // stop autoboot, as a user at the console does
			s.waitFor("=> ")
			t.Logf("U-Boot prompt after %d instructions (%.2f s of host time, for information)",
				s.m.Icount(), time.Since(start).Seconds())

			s.typeLine("version")
			out := s.waitFor("=> ")
			if !regexp.MustCompile(`(?m)^U-Boot 20\d\d\.\d\d`).MatchString(out) {
				t.Errorf("version printed no U-Boot version line:\n%s", out)
			}

			s.typeLine("virtio scan; virtio info")
			out = s.waitFor("=> ")
			if !strings.Contains(out, "QEMU VirtIO Block Device") || !strings.Contains(out, "(2048 x 512)") {
				t.Errorf("virtio info does not list the 2048-sector disk:\n%s", out)
			}

			// U-Boot reads the disk through the queue: the first sector.
			s.typeLine("virtio read 0x84000000 0 1; md.b 0x84000000 0x15")
			out = s.waitFor("=> ")
			if !strings.Contains(out, "1 blocks read: OK") || !strings.Contains(out, "76 6d 63 6f 72 65 20 62 6f 6f 74 20 74 65 73 74  vmcore boot test") {
				t.Errorf("reading sector 0 through U-Boot:\n%s", out)
			}
		})
	}
}
