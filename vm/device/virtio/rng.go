package virtio

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"

	"vmcore/vm/device"
)

const rngQueueSize = 8 // QEMU's virtio-rng queue size

// RNG is a virtio entropy device whose bytes come from a ChaCha8 generator
// seeded from a number in the machine's configuration: the same seed and
// the same requests give the same bytes, so sessions replay. It is not a
// source of secrets for the guest, and says so by being reproducible.
type RNG struct {
	seed  uint64
	gen   *rand.ChaCha8
	taken uint64
}

// NewRNG makes an entropy device from seed.
func NewRNG(seed uint64) *RNG {
	r := &RNG{seed: seed}
	r.Reset()
	return r
}

// Seed is the generator's seed.
func (r *RNG) Seed() uint64 { return r.seed }

// Kind implements Backend.
func (r *RNG) Kind() string { return "rng" }

// Spec implements Backend.
func (r *RNG) Spec() Spec { return Spec{Kind: "rng", Slot: -1, Seed: r.seed, HasSeed: true} }

// DeviceID implements Backend.
func (r *RNG) DeviceID() uint32 { return IDRNG }

// Features implements Backend: none.
func (r *RNG) Features() uint64 { return 0 }

// QueueSizes implements Backend: one request queue.
func (r *RNG) QueueSizes() []uint16 { return []uint16{rngQueueSize} }

// ReadConfig implements Backend: no configuration space.
func (r *RNG) ReadConfig(off uint64, size int) uint64 { return 0 }

// WriteConfig implements Backend.
func (r *RNG) WriteConfig(off uint64, size int, val uint64) {}

// Reset implements Backend. The generator is not rewound: a guest that
// resets the device gets fresh bytes, as from a hardware source; only a
// new device (or Restore) starts from the seed.
func (r *RNG) Reset() {
	if r.gen == nil {
		var key [32]byte
		var s [8]byte
		binary.LittleEndian.PutUint64(s[:], r.seed)
		key = sha256.Sum256(append([]byte("vmcore virtio-rng seed "), s[:]...))
		r.gen = rand.NewChaCha8(key)
	}
}

// Handle implements Backend: fills the writable buffers.
func (r *RNG) Handle(q int, c *Chain) (uint32, bool, error) {
	n := c.WritableLen()
	buf := make([]byte, n)
	_, _ = r.gen.Read(buf) // ChaCha8.Read never fails
	r.taken += n
	if _, err := c.Write(0, buf); err != nil {
		return 0, false, err
	}
	return uint32(n), true, nil
}

// Save implements Backend: the seed, the count of bytes taken, and the
// generator's state.
func (r *RNG) Save() []byte {
	e := device.NewStateWriter(stateVersion)
	e.U64(r.seed)
	e.U64(r.taken)
	st, _ := r.gen.MarshalBinary() // cannot fail
	e.Bytes(st)
	return e.Data()
}

// Restore implements Backend. The seed must match.
func (r *RNG) Restore(b []byte) error {
	d := device.NewStateReader("virtio-rng", b, 1, stateVersion)
	seed, taken, st := d.U64(), d.U64(), d.Bytes(1024)
	if d.Err() == nil && seed != r.seed {
		d.Failf("state has seed %d, this device %d", seed, r.seed)
	}
	if err := d.Done(); err != nil {
		return err
	}
	gen := &rand.ChaCha8{}
	if err := gen.UnmarshalBinary(st); err != nil {
		return &restoreError{"virtio-rng", err}
	}
	r.gen, r.taken = gen, taken
	return nil
}

// Close implements Backend.
func (r *RNG) Close() error { return nil }

type restoreError struct {
	what string
	err  error
}

func (e *restoreError) Error() string { return "restore " + e.what + ": " + e.err.Error() }
func (e *restoreError) Unwrap() error { return e.err }
