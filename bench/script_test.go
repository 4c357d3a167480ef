package bench

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"vmcore/internal/testtools"
)

// TestRunScriptSmall runs run.sh on the small guest under QEMU only (the
// vmcore side builds the whole program, too slow for a unit test; the board
// runs the guest in TestSmallGuestOnMachine). It checks that the script
// agrees with the golden checksum and prints a row per QEMU mode; the
// figures themselves are not looked at.
func TestRunScriptSmall(t *testing.T) {
	bash := testtools.Need(t, "bash")
	testtools.Need(t, "qemu-system-riscv64")
	out := string(runCmd(t, 2*time.Minute, bash, "run.sh", "-s", "--no-vmcore"))
	want, err := ParseOutput(smallGolden, []byte(golden(t)))
	if err != nil {
		t.Fatal(err)
	}
	if sum := fmt.Sprintf("checksum 0x%016x (all runs", want.Checksum); !strings.Contains(out, sum) {
		t.Errorf("run.sh output lacks %q:\n%s", sum, out)
	}
	for _, row := range []string{"qemu", "qemu-icount"} {
		if !regexp.MustCompile(`(?m)^` + row + `\s+\d+\s+[\d.]+\s+[\d.]+$`).MatchString(out) {
			t.Errorf("run.sh output has no %q row of instructions, seconds, MIPS:\n%s", row, out)
		}
	}
}

// TestRunScriptRejectsBadUsage: bad options are a usage error (status 2)
// with a message, not a run.
func TestRunScriptRejectsBadUsage(t *testing.T) {
	bash := testtools.Need(t, "bash")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown option --bogus"},
		{[]string{"-r", "zero"}, "-r wants a positive count"},
		{[]string{"no-such.elf"}, "not found"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, code := runStatus(t, bash, append([]string{"run.sh"}, tc.args...)...)
			if code != 2 || !strings.Contains(out, tc.want) {
				t.Errorf("run.sh %v: status %d, output %q; want status 2 and %q", tc.args, code, out, tc.want)
			}
		})
	}
}
