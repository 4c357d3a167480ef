package machine

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// LineRow is one row of a DWARF line table: the instruction at Addr
// starts code of File at Line.
type LineRow struct {
	Addr uint64
	// File is where the source file is on disk (see ReadLines), else the
	// path DWARF names.
	File string
	Line int
}

// Lines maps code addresses to source lines, from an ELF's DWARF line
// tables (.debug_line). Rows are kept in address order; only statement
// starts are kept, and the end of each sequence as a row with Line 0, so
// that an address after the last instruction of a sequence maps to no
// line.
type Lines struct {
	rows []LineRow
}

// ErrNoLines is returned by ReadLines for an ELF without DWARF line
// information (stripped, or built without -g).
var ErrNoLines = errors.New("no DWARF line information")

// ReadLines reads the line tables of an ELF file. A file without DWARF
// gives ErrNoLines; a damaged one an error naming name. It never panics.
//
// Each row names its source file where it is found on disk, never
// relative to the working directory: as DWARF names it (joined with the
// compilation unit's comp_dir), else under the directory of name (the
// program file) by its path relative to comp_dir, then by its base
// name, since a program is often moved or cloned with its sources
// beside it. A file found nowhere keeps DWARF's path.
func ReadLines(name string, data []byte) (l *Lines, err error) {
	defer func() {
		if r := recover(); r != nil {
			l, err = nil, fmt.Errorf("%s: DWARF line table: %v", name, r)
		}
	}()
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if f.Section(".debug_line") == nil {
		return nil, ErrNoLines
	}
	d, err := f.DWARF()
	if err != nil {
		return nil, fmt.Errorf("%s: DWARF: %w", name, err)
	}
	l = &Lines{}
	progDir := filepath.Dir(name)
	found := map[[2]string]string{}
	where := func(file, compDir string) string {
		k := [2]string{file, compDir}
		p, ok := found[k]
		if !ok {
			p = sourcePath(file, compDir, progDir, isFile)
			found[k] = p
		}
		return p
	}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return nil, fmt.Errorf("%s: DWARF: %w", name, err)
		}
		if e == nil {
			break
		}
		if e.Tag != dwarf.TagCompileUnit {
			r.SkipChildren()
			continue
		}
		compDir, _ := e.Val(dwarf.AttrCompDir).(string)
		lr, err := d.LineReader(e)
		if err != nil {
			return nil, fmt.Errorf("%s: DWARF line table at offset %#x: %w", name, e.Offset, err)
		}
		r.SkipChildren()
		if lr == nil {
			continue
		}
		var le dwarf.LineEntry
		for {
			err := lr.Next(&le)
			if err != nil {
				break // io.EOF, or a damaged table: keep what was read
			}
			switch {
			case le.EndSequence:
				l.rows = append(l.rows, LineRow{Addr: le.Address})
			case le.IsStmt && le.File != nil:
				l.rows = append(l.rows, LineRow{Addr: le.Address, File: where(le.File.Name, compDir), Line: le.Line})
			}
		}
	}
	if len(l.rows) == 0 {
		return nil, ErrNoLines
	}
	// Stable, so that at one address the row read last wins in At, as it
	// does in a line-table state machine; an end of sequence sorts first
	// so that code starting where other code ends keeps its line.
	sort.SliceStable(l.rows, func(i, j int) bool {
		a, b := l.rows[i], l.rows[j]
		if a.Addr != b.Addr {
			return a.Addr < b.Addr
		}
		return a.Line == 0 && b.Line != 0
	})
	return l, nil
}

// sourcePath finds the source file DWARF names file (relative names are
// relative to compDir) on disk, trying in order: the file as named when
// that is an absolute path, then under progDir by its path relative to
// compDir, then progDir with its base name. A path that is still
// relative (no comp_dir, or a relative one) is taken relative to progDir,
// never to the working directory. It returns the first that exists,
// else the path as DWARF names it.
func sourcePath(file, compDir, progDir string, exists func(string) bool) string {
	named := file
	if !filepath.IsAbs(file) && compDir != "" {
		named = filepath.Join(compDir, file)
	}
	var cands []string
	if filepath.IsAbs(named) {
		cands = append(cands, named)
		if compDir != "" {
			if r, err := filepath.Rel(compDir, named); err == nil && filepath.IsLocal(r) {
				cands = append(cands, filepath.Join(progDir, r))
			}
		}
	} else {
		cands = append(cands, filepath.Join(progDir, named), filepath.Join(progDir, file))
	}
	cands = append(cands, filepath.Join(progDir, filepath.Base(file)))
	for _, c := range cands {
		if exists(c) {
			return c
		}
	}
	return named
}

// isFile says whether path names a regular file.
func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// Len is the number of rows (ends of sequences included).
func (l *Lines) Len() int {
	if l == nil {
		return 0
	}
	return len(l.rows)
}

// At returns the line whose code contains addr: the last row at or below
// it, unless that row ends a sequence.
func (l *Lines) At(addr uint64) (LineRow, bool) {
	if l == nil {
		return LineRow{}, false
	}
	i := sort.Search(len(l.rows), func(i int) bool { return l.rows[i].Addr > addr }) - 1
	if i < 0 || l.rows[i].Line == 0 {
		return LineRow{}, false
	}
	return l.rows[i], true
}

// StartsAt returns the line whose code starts exactly at addr (the last
// row there), for interleaving source with disassembly.
func (l *Lines) StartsAt(addr uint64) (LineRow, bool) {
	r, ok := l.At(addr)
	if !ok || r.Addr != addr {
		return LineRow{}, false
	}
	return r, true
}
