package machine

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/internal/testtools"
	"vmcore/vm/machine/fdt"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func parsedDTB(t *testing.T, cfg Config) *fdt.Node {
	t.Helper()
	if err := cfg.fill(); err != nil {
		t.Fatal(err)
	}
	blob, err := buildDTB(&cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	root, err := fdt.Parse(blob)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// The generated device tree is kept as a golden dump.
func TestDTBGolden(t *testing.T) {
	root := parsedDTB(t, Config{Harts: 2, Bootargs: "console=ttyS0"})
	got := fdt.Dump(root)
	golden := filepath.Join("testdata", "virt-2harts.dts")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("DTB differs from %s (go test -update to accept):\n%s", golden, got)
	}
}

// Every node and property vmcore generates exists with the same value in
// the DTB of QEMU's virt machine with the same RAM and hart count, except
// the ISA string (vmcore implements fewer extensions) and QEMU's rng seed.
func TestDTBMatchesQEMU(t *testing.T) {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	path := filepath.Join(t.TempDir(), "virt.dtb")
	cmd := exec.Command(qemu, "-machine", "virt,dumpdtb="+path, "-m", "128M", "-smp", "2",
		"-bios", "none", "-nographic")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("qemu: %v\n%s", err, out)
	}
	blob, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := fdt.Parse(blob)
	if err != nil {
		t.Fatal(err)
	}
	ours := parsedDTB(t, Config{Harts: 2})
	compareNodes(t, "/", ours, theirs)
}

func compareNodes(t *testing.T, path string, ours, theirs *fdt.Node) {
	t.Helper()
	for _, p := range ours.Props {
		if p.Name == "riscv,isa" {
			continue
		}
		v, ok := theirs.Prop(p.Name)
		if !ok {
			t.Errorf("%s: property %s not in QEMU's tree", path, p.Name)
			continue
		}
		if !bytes.Equal(v, p.Value) {
			t.Errorf("%s: %s = % x, QEMU has % x", path, p.Name, p.Value, v)
		}
	}
	for _, c := range ours.Children {
		tc := theirs.Child(c.Name)
		if tc == nil {
			t.Errorf("%s: node %s not in QEMU's tree", path, c.Name)
			continue
		}
		compareNodes(t, strings.TrimSuffix(path, "/")+"/"+c.Name, c, tc)
	}
}

func TestDTBContents(t *testing.T) {
	root := parsedDTB(t, Config{Harts: 3, RAMSize: 256 << 20})
	mem, _ := root.Find("/memory@80000000").Prop("reg")
	if !bytes.Equal(mem, []byte{0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0}) {
		t.Errorf("memory reg = % x", mem)
	}
	for i := range 3 {
		cpu := root.Find("/cpus/cpu@" + string(rune('0'+i)))
		if cpu == nil {
			t.Fatalf("cpu %d missing", i)
		}
		isa, _ := cpu.Prop("riscv,isa")
		if string(isa) != dtISA+"\x00" {
			t.Errorf("cpu %d isa %q", i, isa)
		}
	}
	if root.Find("/cpus/cpu@3") != nil {
		t.Error("a fourth cpu")
	}
	stdout, _ := root.Find("/chosen").Prop("stdout-path")
	if root.Find(strings.TrimSuffix(string(stdout), "\x00")) == nil {
		t.Errorf("stdout-path %q does not name a node", stdout)
	}
}

// With devices in the slots QEMU's tree is the same as without (all eight
// virtio-mmio nodes are always listed), and ours lists the soc nodes it
// has in QEMU's order: rtc first, the virtio slots from the last down.
func TestDTBDevicesMatchQEMU(t *testing.T) {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	disk := filepath.Join(t.TempDir(), "d.img")
	if err := os.WriteFile(disk, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "virt.dtb")
	cmd := exec.Command(qemu, "-machine", "virt,dumpdtb="+path, "-m", "128M", "-bios", "none", "-nographic",
		"-drive", "file="+disk+",if=none,format=raw,id=d0", "-device", "virtio-blk-device,drive=d0",
		"-device", "virtio-rng-device")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("qemu: %v\n%s", err, out)
	}
	blob, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := fdt.Parse(blob)
	if err != nil {
		t.Fatal(err)
	}
	ours := parsedDTB(t, Config{})
	compareNodes(t, "/", ours, theirs)
	var want []string
	have := map[string]bool{}
	for _, c := range ours.Find("/soc").Children {
		have[c.Name] = true
	}
	for _, c := range theirs.Find("/soc").Children {
		if have[c.Name] {
			want = append(want, c.Name)
		}
	}
	var got []string
	for _, c := range ours.Find("/soc").Children {
		got = append(got, c.Name)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("soc nodes in order\n%v\nQEMU's order\n%v", got, want)
	}
	if len(got) != 13 {
		t.Errorf("%d soc nodes, want rtc, serial, test, 8 virtio_mmio, plic, clint", len(got))
	}
}
