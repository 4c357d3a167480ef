// Package vm is vmcore's domain: the virtual machine aggregate, its commands
// and events, the event bus, the services that record and replay a machine,
// the portable session file, and the one error type every layer above the
// ISA reports with.
//
// Invariants:
//   - Error is the only error type that crosses package boundaries upward;
//     its Kind classifies the failure and its cause stays reachable through
//     errors.Is and errors.As.
//   - VirtualMachine is the only way to change a recorded VM: a command not
//     allowed in the current lifecycle state returns a KindState error and
//     emits nothing; state is rebuilt by applying events, and old event
//     schema versions are upcast when read.
//   - A session is its program image, its configuration and its events.
//     Everything that is not a function of the previous machine state
//     (console input, debugger writes, resets) is an event stamped with the
//     machine position (icount, virtual cycles, hart, turn) at which it takes
//     effect, so a replay re-executes to exactly the same state; Checkpoint
//     events carry a SHA-256 of the whole machine state to prove it.
//   - The store is reached only through the small interfaces declared here
//     (EventStore, SnapshotStore); vm encodes its events into opaque records.
//   - The Bus never lets a slow asynchronous subscriber stall the publisher
//     (the hart): values are dropped for that subscriber and counted.
package vm
