// Package machine is vmcore's riscv64 board, compatible with QEMU's virt
// machine: guest RAM at 0x8000_0000 (an anonymous MAP_NORESERVE mapping),
// QEMU's boot ROM at 0x1000, the devices of package device at QEMU's
// addresses (the goldfish RTC, and eight virtio-mmio slots at
// 0x1000_1000 + n*0x1000 on PLIC lines 1..8, see package virtio), a
// generated device tree, one or more harts, and the loaders that place ELF
// and raw programs, or firmware with a kernel and initrd, in RAM.
//
// Invariants that the rest of vmcore relies on:
//
//   - Determinism. Virtual time is a count of cycles: instructions retired
//     by all harts plus time skipped while every hart waits in wfi; mtime is
//     cycles / InsnsPerTick. Harts run round-robin, Quantum instructions a
//     turn, on the caller's goroutine. Run slices end at device accesses and
//     at the next timer deadline of any hart, so interrupts arrive at exact
//     instruction counts. Console input enters only between slices. The
//     same Config, program and input (at the same instruction counts) give
//     the same execution, bit for bit.
//   - Guest faults are the guest's business: a bad address is an access
//     fault inside the guest, never an error of vmcore. Errors are returned
//     only for what a user controls (configuration, program files).
//   - The slice loop does not allocate.
//
// The boot ROM follows QEMU: each hart starts at 0x1000 with a0 = hart id,
// a1 = DTB address, a2 = fw_dynamic_info, and jumps to the program's entry
// point (QEMU -bios none jumps to the start of RAM instead; for programs
// linked at 0x8000_0000, the usual case, the two agree). The DTB sits at
// the highest 2 MiB boundary below the end of RAM (0x87e0_0000 with
// 128 MiB), where QEMU puts it.
//
// Booting firmware (BootImage) follows QEMU 7.2's -bios/-kernel/-initrd:
// the firmware at 0x8000_0000, a raw kernel at the first 2 MiB boundary
// after it (0x8020_0000, where OpenSBI's fw_jump jumps), the initrd at
// kernel + min(RAM/2, 128 MiB) named by /chosen/linux,initrd-start/end,
// and fw_dynamic_info naming the kernel for fw_dynamic.
//
// Virtio devices: the Config's specs fill slots from the highest down, as
// QEMU's -device does; AttachVirtio and DetachVirtio hot-plug between
// Runs. The DTB lists all eight slots whether they hold a device or not
// (as QEMU's does), so hot-plug never changes it: a guest finds a device
// by its id in the slot's DeviceID register. Snapshots and StateHash
// cover the RTC and every slot, including what is attached where.
package machine
