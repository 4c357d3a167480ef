package testtools

import (
	"os"
	"os/exec"
	"testing"
)

// Required reports whether VMCORE_REQUIRE_TOOLS asks for missing tools to
// fail tests instead of skipping them.
func Required() bool { return os.Getenv("VMCORE_REQUIRE_TOOLS") == "1" }

// Need returns the path of the named program, or ends the test: a skip with
// a clear message normally, a failure when Required.
func Need(tb testing.TB, name string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if Required() {
		tb.Fatalf("%s is required (VMCORE_REQUIRE_TOOLS=1) but not found: %v", name, err)
	}
	tb.Skipf("skipping: %s not installed (apt-get install the package that provides it; CI does)", name)
	return ""
}
