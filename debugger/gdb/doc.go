// Package gdb serves the GDB Remote Serial Protocol on top of a
// debugger.Debugger, so that gdb-multiarch (the reference client) and any
// other GDB front end can debug a vmcore VM.
//
// It speaks the protocol as gdb 13 uses it in all-stop mode: acks and
// QStartNoAckMode, qSupported, the target description through
// qXfer:features:read (built from the debugger's Arch, registers pinned to
// GDB's numbers), g/G/p/P, m/M/X, Z0-Z4/z0-z4, vCont with c/C/s/S, harts
// as threads numbered from 1, monitor commands (qRcmd), Ctrl-C, D, k and
// vKill; anything else gets the empty reply that means "not supported".
// bs/bc and ReverseStep+/ReverseContinue+ are offered only when the
// debugger has a History; a reverse run that reaches the start of the
// history reports "replaylog:begin", which gdb shows as "No more
// reverse-execution history".
//
// Invariants:
//   - Nothing a client sends can crash the server: malformed packets get an
//     error reply, bad checksums a '-', packets longer than PacketSize are
//     consumed without being buffered, and a client that disappears (even
//     mid-packet or while the VM runs) ends only its own session, with the
//     VM paused.
//   - Memory reads never have side effects (devices are peeked); an
//     address nothing answers gets E14.
//   - Each session owns the breakpoints and watchpoints it set and removes
//     them when it ends, so clients can attach, detach and re-attach to the
//     same VM, which other front ends keep using meanwhile.
//   - The listener is on loopback unless the caller asks for another
//     address: the protocol has no authentication.
package gdb
