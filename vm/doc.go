// Package vm is vmcore's domain: the virtual machine aggregate, its commands
// and events, the event bus, the services that run, snapshot and replay a
// machine, and the one error type every layer above the ISA reports with.
//
// Invariants:
//   - Error is the only error type that crosses package boundaries upward;
//     its Kind classifies the failure and its cause stays reachable through
//     errors.Is and errors.As.
//   - The Bus never lets a slow asynchronous subscriber stall the publisher
//     (the hart): values are dropped for that subscriber and counted.
package vm
