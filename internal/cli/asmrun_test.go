package cli

import (
	"context"
	"path/filepath"
	"testing"
)

// asmRunDir holds the assembler's runnable programs: each checks itself
// and exits through the sifive_test finisher, 0x5555 to pass or
// 0x3333|n<<16 when check n fails (240+cause after an unexpected trap).
// The assembler's tests prove them byte-identical with GNU as and run
// them on QEMU; here they run under vmcore run.
const asmRunDir = "../../isa/riscv/asm/testdata/run"

func TestRunAssemblyPrograms(t *testing.T) {
	tests := []struct {
		file   string
		status int // the program's exit status: 0 passes, else its failure code
	}{
		{file: "alu.s"},
		{file: "muldiv.s"},
		{file: "mem.s"},
		{file: "branch.s"},
		{file: "atomic.s"},
		{file: "csr.s"},
		{file: "consts.s"},
		{file: "pseudo.s"},
		{file: "data.s"},
		{file: "rvc.s"},
		{file: "fp.s"},
		// Negative cases: the harness must see a failure as one.
		{file: "fail.s", status: 7},   // check 7 is wrong on purpose
		{file: "trap.s", status: 242}, // an illegal instruction: 240 + mcause 2
	}

	// A program added to the directory but not to the table would never
	// run here.
	files, err := filepath.Glob(filepath.Join(asmRunDir, "*.s"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in %s: %v", asmRunDir, err)
	}
	listed := map[string]bool{}
	for _, tc := range tests {
		listed[tc.file] = true
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s is not in the table of TestRunAssemblyPrograms", f)
		}
	}

	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			// --max-insns bounds a hang (the programs retire a few thousand
			// instructions); its exit status 3 is no program's code.
			status, out, errs := runCLI(t, context.Background(), "",
				"run", "--no-record", "--max-insns", "1000000", filepath.Join(asmRunDir, tc.file))
			if status != tc.status {
				t.Errorf("exit status %d, want %d (stderr %q; a status n in 1..239 means check n failed, 240+c trap cause c)",
					status, tc.status, errs)
			}
			// The finisher ends the run silently, pass or fail: anything on
			// stderr means vmcore stopped the guest (a limit, a hang).
			if errs != "" {
				t.Errorf("stderr %q, want none", errs)
			}
			if out != "" {
				t.Errorf("stdout %q, want none (the programs print nothing)", out)
			}
		})
	}
}
