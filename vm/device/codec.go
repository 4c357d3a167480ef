package device

import (
	"encoding/binary"
	"fmt"
)

// StateWriter encodes a device's saved state: a version byte, then
// little-endian fields in a fixed order. Every device of the board, the
// virtio transports and their backends included, saves through it, so
// that all saved states share one shape (see Stateful).
type StateWriter struct{ buf []byte }

// NewStateWriter starts a state of the given format version.
func NewStateWriter(version byte) *StateWriter { return &StateWriter{buf: []byte{version}} }

// U8 appends a byte.
func (w *StateWriter) U8(v byte) { w.buf = append(w.buf, v) }

// U16 appends a little-endian uint16.
func (w *StateWriter) U16(v uint16) { w.buf = binary.LittleEndian.AppendUint16(w.buf, v) }

// U32 appends a little-endian uint32.
func (w *StateWriter) U32(v uint32) { w.buf = binary.LittleEndian.AppendUint32(w.buf, v) }

// U64 appends a little-endian uint64.
func (w *StateWriter) U64(v uint64) { w.buf = binary.LittleEndian.AppendUint64(w.buf, v) }

// Bool appends a byte 0 or 1.
func (w *StateWriter) Bool(v bool) { w.U8(byte(boolVal(v))) }

// Bytes appends a u32 length and the bytes.
func (w *StateWriter) Bytes(v []byte) { w.U32(uint32(len(v))); w.buf = append(w.buf, v...) }

// Raw appends bytes of a length fixed by the format (no length prefix).
func (w *StateWriter) Raw(v []byte) { w.buf = append(w.buf, v...) }

// Data is the encoded state.
func (w *StateWriter) Data() []byte { return w.buf }

// StateReader decodes what a StateWriter wrote. The first failure sticks:
// later reads return zero values, and Err or Done report it, naming the
// device, so that a Restore reads every field and checks once.
type StateReader struct {
	what    string
	b       []byte
	version byte
	err     error
}

// NewStateReader starts decoding the saved state b of device what, which
// must be of a version in [minVersion, maxVersion].
func NewStateReader(what string, b []byte, minVersion, maxVersion byte) *StateReader {
	r := &StateReader{what: what, b: b}
	switch {
	case len(b) == 0:
		r.err = fmt.Errorf("restore %s: empty state", what)
	case b[0] < minVersion || b[0] > maxVersion:
		if minVersion == maxVersion {
			r.err = fmt.Errorf("restore %s: state version %d, this build reads %d", what, b[0], maxVersion)
		} else {
			r.err = fmt.Errorf("restore %s: state version %d, this build reads %d..%d", what, b[0], minVersion, maxVersion)
		}
	default:
		r.b, r.version = b[1:], b[0]
	}
	return r
}

// Version is the state's format version.
func (r *StateReader) Version() byte { return r.version }

// Take returns the next n bytes (not copied).
func (r *StateReader) Take(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if uint64(len(r.b)) < n {
		r.err = fmt.Errorf("restore %s: state truncated (%d bytes left, %d needed)", r.what, len(r.b), n)
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

// U8 reads a byte.
func (r *StateReader) U8() byte {
	if v := r.Take(1); v != nil {
		return v[0]
	}
	return 0
}

// U16 reads a little-endian uint16.
func (r *StateReader) U16() uint16 {
	if v := r.Take(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

// U32 reads a little-endian uint32.
func (r *StateReader) U32() uint32 {
	if v := r.Take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

// U64 reads a little-endian uint64.
func (r *StateReader) U64() uint64 {
	if v := r.Take(8); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

// Bool reads a byte as a bool.
func (r *StateReader) Bool() bool { return r.U8() != 0 }

// Bytes reads a u32 length and that many bytes (copied), refusing a
// length above max so that damage cannot make a restore allocate wildly.
func (r *StateReader) Bytes(max uint64) []byte {
	n := uint64(r.U32())
	if r.err == nil && n > max {
		r.err = fmt.Errorf("restore %s: field of %d bytes exceeds %d", r.what, n, max)
		return nil
	}
	return append([]byte(nil), r.Take(n)...)
}

// Count reads a length that must equal want (the board's shape).
func (r *StateReader) Count(what string, want int) {
	if n := r.U32(); r.err == nil && int(n) != want {
		r.err = fmt.Errorf("restore %s: state has %d %s, this device has %d", r.what, n, what, want)
	}
}

// Failf records a failure (unless one is already recorded), naming the
// device.
func (r *StateReader) Failf(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("restore %s: %s", r.what, fmt.Sprintf(format, a...))
	}
}

// Err is the first failure so far.
func (r *StateReader) Err() error { return r.err }

// Done checks that every byte was consumed and returns the first failure.
func (r *StateReader) Done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("restore %s: %d unexpected bytes after the state", r.what, len(r.b))
	}
	return r.err
}
