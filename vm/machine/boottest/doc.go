// Package boottest holds the acceptance tests of booting real firmware on
// the board, as qemu-system-riscv64 -M virt boots it: Debian's OpenSBI
// (fw_jump) hands over to U-Boot in S-mode, which reaches its prompt,
// answers commands typed on the UART, and finds a virtio-blk disk.
//
// The firmware comes from Debian's opensbi and u-boot-qemu packages; the
// tests skip without them (fail under VMCORE_REQUIRE_TOOLS=1, as in CI).
// Console input is typed through the machine API between Runs, at points
// decided by the guest's own output, so every run executes the same
// instructions: the tests log instruction counts (bench/boot.sh reports
// them) and never look at the host clock.
package boottest
