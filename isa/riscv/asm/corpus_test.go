package asm

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "regenerate golden files (section dumps come from GNU as + ld)")

// corpus lists the .s files of testdata that are compared with GNU as:
// the encoding corpus in testdata and the runnable, self-checking
// programs in testdata/run.
func corpus(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"testdata/*.s", "testdata/run/*.s"} {
		m, err := filepath.Glob(pattern)
		if err != nil || len(m) == 0 {
			t.Fatalf("no corpus files match %s: %v", pattern, err)
		}
		files = append(files, m...)
	}
	return files
}

// corpusName names a corpus file by its path under testdata ("li.s",
// "run/li.s"), which is unique where the base name is not.
func corpusName(src string) string {
	rel, err := filepath.Rel("testdata", src)
	if err != nil {
		return src
	}
	return filepath.ToSlash(rel)
}

// formatSections renders sections as a stable text dump: a header line
// per section, then 16 bytes of hex per line.
func formatSections(secs map[string]gnuSection) string {
	names := make([]string, 0, len(secs))
	for n := range secs {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return secs[names[i]].Addr < secs[names[j]].Addr })
	var b strings.Builder
	for _, n := range names {
		s := secs[n]
		fmt.Fprintf(&b, "section %s addr 0x%x size %d\n", n, s.Addr, s.Size)
		for i := 0; i < len(s.Data); i += 16 {
			fmt.Fprintf(&b, "%08x %s\n", s.Addr+uint64(i), hex.EncodeToString(s.Data[i:min(i+16, len(s.Data))]))
		}
	}
	return b.String()
}

// parseSections reads formatSections output back.
func parseSections(text string) (map[string]gnuSection, error) {
	out := map[string]gnuSection{}
	var cur string
	for n, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Fields(line)
		if len(f) == 6 && f[0] == "section" {
			addr, err1 := strconv.ParseUint(strings.TrimPrefix(f[3], "0x"), 16, 64)
			size, err2 := strconv.ParseUint(f[5], 10, 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("line %d: bad header %q", n+1, line)
			}
			cur = f[1]
			out[cur] = gnuSection{Addr: addr, Size: size}
			continue
		}
		if len(f) != 2 || cur == "" {
			return nil, fmt.Errorf("line %d: bad line %q", n+1, line)
		}
		b, err := hex.DecodeString(f[1])
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n+1, err)
		}
		s := out[cur]
		s.Data = append(s.Data, b...)
		out[cur] = s
	}
	return out, nil
}

// goldenPath is where the section dump of a corpus file is kept:
// testdata/golden/NAME.sections, or testdata/golden/run/NAME.sections for
// a program of testdata/run.
func goldenPath(src string) string {
	return filepath.Join("testdata", "golden", filepath.FromSlash(strings.TrimSuffix(corpusName(src), ".s"))+".sections")
}

// TestCorpusGolden checks every corpus file against the section dump GNU
// as + ld produced (committed, so it runs without the toolchain).
func TestCorpusGolden(t *testing.T) {
	for _, src := range corpus(t) {
		t.Run(corpusName(src), func(t *testing.T) {
			if *update {
				want := gnuBuild(t, src, "rv64gc")
				if err := os.MkdirAll(filepath.Dir(goldenPath(src)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(goldenPath(src), []byte(formatSections(want)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			golden, err := os.ReadFile(goldenPath(src))
			if err != nil {
				t.Fatalf("%v (run go test -update with the riscv64-unknown-elf toolchain installed)", err)
			}
			want, err := parseSections(string(golden))
			if err != nil {
				t.Fatalf("%s: %v", goldenPath(src), err)
			}
			code, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Assemble(src, code, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffSections(want, sectionsOf(p)); d != "" {
				t.Fatalf("vmcore differs from GNU as: %s", d)
			}
		})
	}
}

// TestCorpusGNU assembles the corpus with the installed toolchain now, so a
// toolchain upgrade that changes GNU as's choices is noticed.
func TestCorpusGNU(t *testing.T) {
	for _, src := range corpus(t) {
		t.Run(corpusName(src), func(t *testing.T) {
			want := gnuBuild(t, src, "rv64gc")
			code, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Assemble(src, code, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffSections(want, sectionsOf(p)); d != "" {
				t.Fatalf("vmcore differs from GNU as: %s", d)
			}
		})
	}
}

// TestNoRVC assembles the corpus files that use no explicit c.* instruction
// for rv64imafd (no C): nothing may be compressed and GNU agrees.
func TestNoRVC(t *testing.T) {
	for _, src := range corpus(t) {
		code, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(code, []byte("\tc.")) || bytes.Contains(code, []byte("option rvc")) {
			continue
		}
		t.Run(corpusName(src), func(t *testing.T) {
			p, err := Assemble(src, code, Options{March: "rv64imafd_zicsr_zifencei"})
			if err != nil {
				t.Fatal(err)
			}
			if p.RVC {
				t.Errorf("RVC flag set for rv64imafd")
			}
			want := gnuBuild(t, src, "rv64imafd_zicsr_zifencei")
			if d := diffSections(want, sectionsOf(p)); d != "" {
				t.Fatalf("vmcore differs from GNU as: %s", d)
			}
		})
	}
}
