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

// NeedFile returns path if the file exists, or ends the test like Need: a
// skip naming the Debian package that provides it, or a failure when
// Required. Tests use it for firmware images (OpenSBI, U-Boot).
func NeedFile(tb testing.TB, path, pkg string) string {
	tb.Helper()
	_, err := os.Stat(path)
	if err == nil {
		return path
	}
	if Required() {
		tb.Fatalf("%s is required (VMCORE_REQUIRE_TOOLS=1) but missing: %v (apt-get install %s)", path, err, pkg)
	}
	tb.Skipf("skipping: %s missing (apt-get install %s; CI does)", path, pkg)
	return ""
}
