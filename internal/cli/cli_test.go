package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/internal/testtools"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// progDir holds the board's self-checking test programs (built ELFs are
// committed there).
const progDir = "../../vm/machine/testdata"

func demoELF(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/demo/demo.elf")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func runCLI(t *testing.T, ctx context.Context, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	status := Run(ctx, args, Env{
		Stdio: Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errb},
		Demo:  demoELF(t),
	})
	return status, out.String(), errb.String()
}

func TestRun(t *testing.T) {
	raw := filepath.Join(t.TempDir(), "loop.bin")
	if err := os.WriteFile(raw, []byte{0x6f, 0, 0, 0}, 0o644); err != nil { // j .
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		stdin   string
		status  int
		stdout  string // exact, when not empty
		stderr  string // substring, when not empty
		noError bool   // stderr must be empty
	}{
		{name: "pass", args: []string{"run", progDir + "/hello.elf"}, status: 0,
			stdout: "hello from vmcore\n", noError: true},
		{name: "finisher fail code", args: []string{"run", progDir + "/fail.elf"}, status: 42, noError: true},
		{name: "htif exit code", args: []string{"run", progDir + "/htif.elf"}, status: 7,
			stdout: "htif says hi\n", noError: true},
		{name: "two harts", args: []string{"run", "--harts", "2", progDir + "/smp.elf"}, status: 0,
			stdout: "two harts met\n"},
		{name: "instruction limit", args: []string{"run", "--max-insns", "5000", "--load-addr", "0x80000000", raw},
			status: ExitLimit, stderr: "vmcore: instruction limit reached at pc=0x80000000 icount=5000\n"},
		{name: "hang with stdin closed", args: []string{"run", progDir + "/echo.elf"}, status: ExitIdle,
			stdout: "> ", stderr: "guest hangs"},
		{name: "small memory", args: []string{"run", "--mem", "1M", progDir + "/hello.elf"}, status: 0},
		{name: "program outside memory", args: []string{"run", "--mem", "64K", "--load-addr", "0x90000000", raw},
			status: ExitError, stderr: "segment outside RAM"},
		{name: "not an ELF", args: []string{"run", "cli.go"}, status: ExitError,
			stderr: "cli.go: not an ELF file (to run a raw binary, give its address with --load-addr)"},
		{name: "missing file", args: []string{"run", "nosuch.elf"}, status: ExitError, stderr: "nosuch.elf"},
		{name: "no program", args: []string{"run"}, status: ExitUsage, stderr: "want exactly one PROGRAM"},
		{name: "bad size", args: []string{"run", "--mem", "lots", "x"}, status: ExitUsage, stderr: `bad size "lots"`},
		{name: "bad harts", args: []string{"run", "--harts", "0", progDir + "/hello.elf"}, status: ExitUsage,
			stderr: "--harts 0: want 1..64"},
		{name: "unknown command", args: []string{"frobnicate"}, status: ExitUsage, stderr: `unknown command "frobnicate"`},
		{name: "demo", args: nil, status: 0, stderr: "", noError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out, errs := runCLI(t, context.Background(), tt.stdin, tt.args...)
			if status != tt.status {
				t.Errorf("status %d, want %d (stderr %q)", status, tt.status, errs)
			}
			if tt.stdout != "" && out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
			if tt.stderr != "" && !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", errs, tt.stderr)
			}
			if tt.noError && errs != "" {
				t.Errorf("unexpected stderr %q", errs)
			}
		})
	}
}

// promptWriter signals when the guest has printed its prompt, so that the
// test types only once the guest listens (input that arrives while the
// guest initialises its UART is lost, as on hardware).
type promptWriter struct {
	bytes.Buffer
	ready chan struct{}
}

func (p *promptWriter) Write(b []byte) (int, error) {
	n, err := p.Buffer.Write(b)
	if p.ready != nil && strings.Contains(p.String(), "> ") {
		close(p.ready)
		p.ready = nil
	}
	return n, err
}

func TestStdinToUART(t *testing.T) {
	out := &promptWriter{ready: make(chan struct{})}
	ready := out.ready
	var errb bytes.Buffer
	r, w := io.Pipe()
	go func() {
		<-ready
		w.Write([]byte("ok!q"))
		w.Close()
	}()
	status := Run(context.Background(), []string{"run", progDir + "/echo.elf"},
		Env{Stdio: Stdio{In: r, Out: out, Err: &errb}})
	if status != 0 || out.String() != "> OK!\nbye\n" || errb.Len() != 0 {
		t.Errorf("status %d, stdout %q, stderr %q", status, out.String(), errb.String())
	}
}

func TestDemoBanner(t *testing.T) {
	status, out, _ := runCLI(t, context.Background(), "")
	if status != 0 || !strings.Contains(out, "vmcore demo guest") || !strings.Contains(out, "bye!") {
		t.Errorf("demo: status %d, output %q", status, out)
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	status, _, errs := runCLI(t, ctx, "", "run", progDir+"/hello.elf")
	if status != ExitInterrupted || !strings.HasPrefix(errs, "vmcore: interrupted at pc=0x1000 icount=0") {
		t.Errorf("status %d, stderr %q", status, errs)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"run", "--help"}, {"disasm", "-h"}, {"help", "run"}} {
		status, out, errs := runCLI(t, context.Background(), "", args...)
		if status != 0 || !strings.Contains(out, "Usage") || errs != "" {
			t.Errorf("%q: status %d, stdout %q, stderr %q", args, status, out, errs)
		}
	}
	_, out, _ := runCLI(t, context.Background(), "", "run", "--help")
	for _, flag := range []string{"--mem", "--harts", "--max-insns", "--load-addr"} {
		if !strings.Contains(out, flag) {
			t.Errorf("run --help does not mention %s", flag)
		}
	}
}

// The disassembly of every test program and the demo matches GNU objdump
// byte for byte. Golden copies of objdump's output are committed so that
// the comparison runs without the toolchain; with it, they are checked
// against objdump itself.
func TestDisasmMatchesObjdump(t *testing.T) {
	progs := []string{"../../testdata/demo/demo.elf"}
	elfs, _ := filepath.Glob(progDir + "/*.elf")
	progs = append(progs, elfs...)
	for _, prog := range progs {
		for _, noAliases := range []bool{false, true} {
			name := strings.TrimSuffix(filepath.Base(prog), ".elf")
			args := []string{"disasm"}
			if noAliases {
				name += ".no-aliases"
				args = append(args, "--no-aliases")
			}
			t.Run(name, func(t *testing.T) {
				status, out, errs := runCLI(t, context.Background(), "", append(args, prog)...)
				if status != 0 {
					t.Fatalf("status %d: %s", status, errs)
				}
				golden := filepath.Join("testdata", name+".objdump")
				if *update {
					tool := testtools.Need(t, "riscv64-unknown-elf-objdump")
					cmd := []string{"-d"}
					if noAliases {
						cmd = append(cmd, "-M", "no-aliases")
					}
					want, err := exec.Command(tool, append(cmd, prog)...).Output()
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, want, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update with the toolchain installed)", err)
				}
				if out != string(want) {
					t.Errorf("disassembly differs from objdump's (%s):\n%s", golden, firstDiff(string(want), out))
				}
			})
		}
	}
}

// The committed objdump output is what the installed objdump prints now.
func TestObjdumpGoldenCurrent(t *testing.T) {
	tool := testtools.Need(t, "riscv64-unknown-elf-objdump")
	want, err := exec.Command(tool, "-d", "../../testdata/demo/demo.elf").Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("testdata/demo.objdump")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("testdata/demo.objdump is stale; run go test -update:\n%s", firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, a, b)
		}
	}
	return "(no difference)"
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"128M", 128 << 20, true},
		{"1G", 1 << 30, true},
		{"64k", 64 << 10, true},
		{"2MiB", 2 << 20, true},
		{"4096", 4096, true},
		{"0x1000", 4096, true},
		{"", 0, false},
		{"M", 0, false},
		{"12X", 0, false},
		{"99999999999G", 0, false},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err == nil && tt.want != 0 {
			if back, _ := parseSize(formatSize(got)); back != got {
				t.Errorf("formatSize(%d) = %q does not parse back", got, formatSize(got))
			}
		}
	}
}

func TestConsoleWriter(t *testing.T) {
	var buf bytes.Buffer
	c := newConsoleWriter(&buf)
	c.Write([]byte("ab"))
	if buf.Len() != 0 {
		t.Errorf("partial line flushed at once: %q", buf.String())
	}
	c.Write([]byte("\n"))
	if buf.String() != "ab\n" {
		t.Errorf("line not flushed: %q", buf.String())
	}
	c.Write([]byte("> "))
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "ab\n> " {
		t.Errorf("Close did not flush: %q", buf.String())
	}
	if _, err := c.Write([]byte("x")); err == nil {
		t.Error("write after Close succeeded")
	}
}
