// Package device models the peripherals of vmcore's QEMU-virt-compatible
// board: the sifive_test finisher, the CLINT, the PLIC, a 16550 UART, the
// goldfish RTC and Spike's HTIF (the virtio devices are in package
// virtio).
//
// Every device is a plain state machine driven by the board:
//
//   - Register accesses arrive as Load/Store at an offset from the device's
//     base; Peek reads a register without side effects (for the debugger and
//     the devices pane), so looking at a device never changes the guest.
//   - Devices never read the host clock and never start goroutines. Time comes
//     from the board's virtual clock (TimeSource) and input (console bytes)
//     enters through methods the board calls between run slices. Given the
//     same sequence of calls a device reaches the same state: the determinism
//     contract of DESIGN.md.
//   - Interrupts travel by wires, not callbacks into the hart: a source
//     device drives a level on an IRQSink (the PLIC), and the CLINT and the
//     PLIC drive hart interrupt lines through HartLines, which the board
//     implements by calling riscv.Hart.SetLines.
//
// The register layouts follow QEMU 7.2's virt machine so that the same
// guest binaries behave alike on both.
package device
