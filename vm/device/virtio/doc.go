// Package virtio models virtio devices on the virtio-mmio transport, as
// QEMU's virt machine has them: eight transport slots, each of which may
// hold one device (a block device backed by a file, a console, or an
// entropy source).
//
// The transport speaks both register layouts of the virtio 1.x
// specification's MMIO chapter: the legacy layout (Version 1, a queue
// placed by page frame number, what QEMU 7.2 offers by default with
// force-legacy=true) and the modern one (Version 2, queues placed by
// three 64-bit addresses and QueueReady). A slot without a device answers
// MagicValue, Version and VendorID (QEMU's "QEMU" 0x554d4551) and reads
// zero everywhere else, as QEMU's empty transports do, so drivers probing
// every slot find nothing there.
//
// Invariants:
//
//   - Requests are processed synchronously when the driver writes
//     QueueNotify (or when host input arrives for a console), on the run
//     goroutine: the used ring and the interrupt are updated before the
//     notifying store retires. There are no goroutines and no host clock,
//     so the same sequence of guest accesses gives the same state
//     (DESIGN.md's determinism contract).
//   - The entropy device is a seeded ChaCha8 generator: its bytes are a
//     function of the seed and of how many were taken, so recordings
//     replay.
//   - A block device never changes its image file unless it was opened
//     writable: writes land in a copy-on-write overlay held in memory, or
//     in an overlay side file that is a log of written sectors.
//   - Guest-controlled values (descriptor addresses and lengths, chain
//     loops, queue sizes) are checked; a bad request marks the device
//     DEVICE_NEEDS_RESET as QEMU's virtio_error does, it never panics.
//   - Save covers everything the guest can observe later (registers,
//     queue positions, the overlay's sectors, the generator's state), so
//     snapshots and state hashes include the devices. The image file
//     itself is not state: a session must record its digest.
package virtio
