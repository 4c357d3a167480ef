package guesttest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"vmcore/internal/testtools"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// The disk virtio_blk drives (make -C testdata/guests virtio_blk.img).
var virtioDisk = filepath.Join(guestsDir, "virtio_blk.img")

const virtioWant = "virtio_blk: sectors read and written\nvirtio_blk: PASS\n"

func imageDigest(t *testing.T) [32]byte {
	t.Helper()
	b, err := os.ReadFile(virtioDisk)
	if err != nil {
		t.Fatalf("%v (make -C testdata/guests virtio_blk.img)", err)
	}
	return sha256.Sum256(b)
}

// virtio_blk with its disk attached, on both transport layouts: it reads
// sectors, writes one and reads it back through the mmio registers, and
// the image file does not change (the write lands in the overlay).
func TestVirtioBlkGuest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(guestsDir, "virtio_blk.elf"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF("virtio_blk.elf", data)
	if err != nil {
		t.Fatal(err)
	}
	before := imageDigest(t)
	for _, modern := range []bool{false, true} {
		var console bytes.Buffer
		m, err := machine.New(machine.Config{
			Console:      &console,
			VirtioModern: modern,
			Virtio:       []virtio.Spec{{Kind: "blk", Slot: -1, File: virtioDisk}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Load(img); err != nil {
			t.Fatal(err)
		}
		r := m.Run(context.Background(), maxInsns)
		if r.Reason != machine.ReasonPass || console.String() != virtioWant {
			t.Errorf("modern=%v: %v (code %d) at pc %#x; console:\n%s", modern, r.Reason, r.ExitCode, r.PC, console.String())
		}
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	}
	if imageDigest(t) != before {
		t.Error("the guest's write changed the image file")
	}
}

// The same program and disk on QEMU (snapshot=on keeps the image), with
// QEMU's legacy default and with force-legacy=false.
func TestVirtioBlkGuestOnQEMU(t *testing.T) {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	before := imageDigest(t)
	for _, extra := range [][]string{nil, {"-global", "virtio-mmio.force-legacy=false"}} {
		ctx, cancel := context.WithTimeout(context.Background(), qemuTimeout)
		args := append([]string{"-machine", "virt", "-cpu", qemuCPU, "-bios", "none",
			"-kernel", filepath.Join(guestsDir, "virtio_blk.elf"), "-nographic", "-monitor", "none", "-serial", "stdio",
			"-drive", "file=" + virtioDisk + ",if=none,format=raw,id=d0,snapshot=on",
			"-device", "virtio-blk-device,drive=d0"}, extra...)
		cmd := exec.CommandContext(ctx, qemu, args...)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		err := cmd.Run()
		cancel()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("qemu %v: %v\n%s", extra, err, stderr.Bytes())
		}
		if err != nil || out.String() != virtioWant {
			t.Errorf("qemu %v: %v; console:\n%s%s", extra, err, out.Bytes(), stderr.Bytes())
		}
	}
	if imageDigest(t) != before {
		t.Error("QEMU changed the image file")
	}
}
