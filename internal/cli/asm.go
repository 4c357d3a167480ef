package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"vmcore/isa/riscv/asm"
)

const asmUsage = `Usage: vmcore asm [flags] FILE.s

Assembles FILE.s (GNU as syntax, RV64GC) with vmcore's built-in assembler
and links it for the virt board (text at 0x80000000 unless --text says
otherwise) into an ELF executable: FILE.elf unless -o names another file.
Errors name the file, line and column. 'vmcore run FILE.s' (and gdb, tui)
assemble in memory, so this command is only needed to keep the ELF.
`

// isAssembly reports whether path names an assembly source, which the
// program-taking commands assemble instead of loading.
func isAssembly(path string) bool {
	ext := filepath.Ext(path)
	return ext == ".s" || ext == ".S"
}

// assembleTo assembles and links the source in path into ELF bytes. base
// is the text address; 0 selects the assembler's default (0x80000000).
// The assembler's warnings (a value truncated to its field, a shift count
// out of range; GNU as gives the same) go to warn, each as
// "file:line:col: warning: ..." with the source line.
func assembleTo(path string, src []byte, base uint64, warn io.Writer) ([]byte, error) {
	prog, err := asm.Assemble(path, src, asm.Options{TextBase: base})
	if err != nil {
		return nil, err
	}
	for _, w := range prog.Warnings {
		fmt.Fprintln(warn, w)
	}
	var buf bytes.Buffer
	if err := prog.WriteELF(&buf); err != nil {
		return nil, fmt.Errorf("%s: writing ELF: %w", path, err)
	}
	return buf.Bytes(), nil
}

// parseAsmFlags is parseFlags for the asm command, whose flag list names
// -o with one dash, as assemblers and compilers spell it (parseFlags
// prints every flag as --name).
func parseAsmFlags(fs *flag.FlagSet, args []string, env Env) (rest []string, status int, done bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(env.Out, asmUsage)
		printAsmFlags(env.Out, fs)
		return nil, ExitOK, true
	}
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore asm: %v\n\n%s", err, asmUsage)
		printAsmFlags(env.Err, fs)
		return nil, ExitUsage, true
	}
	return fs.Args(), 0, false
}

func printAsmFlags(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "\nFlags:")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		line := "  " + dash + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(w, "%-26s %s\n", line, usage)
	})
}

func cmdAsm(args []string, env Env) int {
	fs := flag.NewFlagSet("asm", flag.ContinueOnError)
	out := fs.String("o", "", "write the ELF to `FILE` (default: the source's name with .elf)")
	var base uintFlag
	fs.Var(&base, "text", "link the text section at `ADDRESS` (default 0x80000000)")
	rest, status, done := parseAsmFlags(fs, args, env)
	if done {
		return status
	}
	// Accept flags after the file too (vmcore asm FILE.s -o FILE.elf), as
	// the assembler's users type it.
	if len(rest) > 1 {
		file := rest[0]
		rest, status, done = parseAsmFlags(fs, rest[1:], env)
		if done {
			return status
		}
		rest = append([]string{file}, rest...)
	}
	if len(rest) != 1 {
		fmt.Fprintf(env.Err, "vmcore asm: want exactly one FILE.s, got %d arguments\n\n%s", len(rest), asmUsage)
		return ExitUsage
	}
	src, err := os.ReadFile(rest[0])
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore asm: %v\n", err)
		return ExitError
	}
	elf, err := assembleTo(rest[0], src, base.v, env.Err)
	if err != nil {
		printAsmError(env, err)
		return ExitError
	}
	dst := *out
	if dst == "" {
		dst = strings.TrimSuffix(rest[0], filepath.Ext(rest[0])) + ".elf"
		if dst == rest[0] {
			dst += ".elf"
		}
	}
	if err := os.WriteFile(dst, elf, 0o755); err != nil {
		fmt.Fprintf(env.Err, "vmcore asm: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// printAsmError prints assembly errors as compilers do, each starting with
// file:line:col so that editors can jump to it; other errors get the
// usual prefix.
func printAsmError(env Env, err error) {
	var list asm.ErrorList
	if errors.As(err, &list) {
		fmt.Fprintln(env.Err, err)
		return
	}
	fmt.Fprintf(env.Err, "vmcore: %v\n", err)
}
