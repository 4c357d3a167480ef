// Package testtools finds the external programs that vmcore's tests use as
// oracles and peers (the riscv64-unknown-elf toolchain, qemu-system-riscv64,
// gdb-multiarch, tmux).
//
// A test that needs a missing tool is skipped with a message naming it,
// unless VMCORE_REQUIRE_TOOLS=1 is set (CI sets it), in which case the test
// fails: CI installs every tool, so a skip there would hide a broken setup.
package testtools
