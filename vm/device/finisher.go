package device

import "fmt"

// Finisher addresses and commands (QEMU's sifive_test device).
const (
	FinisherBase uint64 = 0x100000
	FinisherSize uint64 = 0x1000

	FinisherPass  = 0x5555
	FinisherFail  = 0x3333
	FinisherReset = 0x7777
)

// FinishKind says what the guest asked the finisher to do.
type FinishKind uint8

// Finisher requests.
const (
	FinishNone  FinishKind = iota // nothing requested yet
	FinishPass                    // 0x5555: power off, success
	FinishFail                    // 0x3333 | code<<16: power off, failure
	FinishReset                   // 0x7777: reset the board
)

// String names the request for the devices pane.
func (k FinishKind) String() string {
	switch k {
	case FinishNone:
		return "none"
	case FinishPass:
		return "pass"
	case FinishFail:
		return "fail"
	case FinishReset:
		return "reset"
	}
	return fmt.Sprintf("FinishKind(%d)", uint8(k))
}

// Finisher is the sifive_test device: a single write-only register through
// which the guest powers the board off (with a pass/fail code) or resets it.
// The request is latched; the board polls Request after each slice that
// touched a device and acts on it, then calls Clear.
type Finisher struct {
	kind FinishKind
	code uint16
	last uint32 // last value written, for the devices pane
}

// NewFinisher makes the test finisher.
func NewFinisher() *Finisher { return &Finisher{} }

// Name implements Device.
func (f *Finisher) Name() string { return "test" }

// Base implements Device.
func (f *Finisher) Base() uint64 { return FinisherBase }

// Size implements Device.
func (f *Finisher) Size() uint64 { return FinisherSize }

// Load implements Device. The register reads as zero, as in QEMU.
func (f *Finisher) Load(off uint64, size int) (uint64, bool) { return f.Peek(off, size) }

// Peek implements Device.
func (f *Finisher) Peek(off uint64, size int) (uint64, bool) {
	if !validSize(off, size, 8) {
		return 0, false
	}
	return 0, true
}

// Store implements Device. Writes other than to offset 0, and unknown
// commands, are ignored as QEMU ignores them.
func (f *Finisher) Store(off uint64, size int, val uint64) bool {
	if !validSize(off, size, 8) {
		return false
	}
	if off != 0 || size < 4 {
		return true
	}
	f.last = uint32(val)
	switch val & 0xffff {
	case FinisherPass:
		f.kind, f.code = FinishPass, 0
	case FinisherFail:
		f.kind, f.code = FinishFail, uint16(val>>16)
	case FinisherReset:
		f.kind, f.code = FinishReset, 0
	}
	return true
}

// Request returns the latched request and, for FinishFail, the guest's exit
// code (bits 31:16 of the value written).
func (f *Finisher) Request() (FinishKind, int) { return f.kind, int(f.code) }

// Clear forgets the latched request once the board has acted on it.
func (f *Finisher) Clear() { f.kind, f.code = FinishNone, 0 }

// Reset implements Device.
func (f *Finisher) Reset() { *f = Finisher{} }

// State implements Device.
func (f *Finisher) State() []Field {
	return []Field{
		{Name: "last", Value: uint64(f.last)},
		{Name: "request", Value: uint64(f.kind), Note: f.kind.String()},
		{Name: "code", Value: uint64(f.code)},
	}
}
