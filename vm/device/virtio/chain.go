package virtio

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Descriptor flags.
const (
	descNext     = 1
	descWrite    = 2
	descIndirect = 4
)

// maxChainBytes bounds what one chain may describe, so that a guest's
// lengths cannot make the device allocate wildly.
const maxChainBytes = 64 << 20

// Errors of hot-plug and of request processing; a *SlotError wraps the
// hot-plug ones.
var (
	ErrSlotBusy  = errors.New("slot already holds a device")
	ErrSlotEmpty = errors.New("slot is empty")
	ErrInFlight  = errors.New("device has requests in flight")
	ErrBadChain  = errors.New("bad descriptor chain")
)

// SlotError says which slot an attach or detach failed on, and why.
type SlotError struct {
	Slot   int
	Err    error
	Detail string
}

// Error renders "virtio slot N: problem: detail".
func (e *SlotError) Error() string {
	s := fmt.Sprintf("virtio slot %d (%#x): %v", e.Slot, MMIOBase+uint64(e.Slot)*MMIOSize, e.Err)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap makes errors.Is(err, ErrInFlight) work.
func (e *SlotError) Unwrap() error { return e.Err }

// segment is one descriptor's buffer.
type segment struct {
	addr uint64
	len  uint32
}

// Chain is one request: the driver-readable buffers followed by the
// device-writable ones, as a descriptor chain describes them.
type Chain struct {
	mem      Memory
	Head     uint16
	readable []segment
	writable []segment
	rlen     uint64
	wlen     uint64
}

// NewChain builds a chain by hand from (address, length) pairs, for tests
// and for devices that synthesise requests.
func NewChain(mem Memory, readable, writable [][2]uint64) *Chain {
	c := &Chain{mem: mem}
	for _, s := range readable {
		c.readable = append(c.readable, segment{s[0], uint32(s[1])})
		c.rlen += s[1]
	}
	for _, s := range writable {
		c.writable = append(c.writable, segment{s[0], uint32(s[1])})
		c.wlen += s[1]
	}
	return c
}

// ReadableLen is the total length of the driver-readable buffers.
func (c *Chain) ReadableLen() uint64 { return c.rlen }

// WritableLen is the total length of the device-writable buffers.
func (c *Chain) WritableLen() uint64 { return c.wlen }

// Read copies the readable bytes from offset off into b and returns how
// many were copied (fewer at the end of the readable part).
func (c *Chain) Read(off uint64, b []byte) (int, error) {
	return c.walk(c.readable, off, b, false)
}

// Write copies b into the writable buffers at offset off and returns how
// many bytes were written (fewer at the end of the writable part).
func (c *Chain) Write(off uint64, b []byte) (int, error) {
	return c.walk(c.writable, off, b, true)
}

func (c *Chain) walk(segs []segment, off uint64, b []byte, write bool) (int, error) {
	done := 0
	for _, s := range segs {
		if len(b) == done {
			break
		}
		if off >= uint64(s.len) {
			off -= uint64(s.len)
			continue
		}
		n := min(uint64(s.len)-off, uint64(len(b)-done))
		p := b[done : done+int(n)]
		ok := false
		if write {
			ok = c.mem.Write(s.addr+off, p)
		} else {
			ok = c.mem.Read(s.addr+off, p)
		}
		if !ok {
			return done, fmt.Errorf("%w: buffer %#x+%d outside RAM", ErrBadChain, s.addr, s.len)
		}
		done += int(n)
		off = 0
	}
	return done, nil
}

// chain reads the descriptor chain starting at head, following NEXT links
// and one level of indirect table, refusing loops, readable buffers after
// writable ones, and buffers outside RAM.
func (t *Transport) chain(q *queue, head uint16) (*Chain, error) {
	c := &Chain{mem: t.mem, Head: head}
	table, size := q.desc, q.num
	idx := uint32(head)
	indirect := false
	steps := uint32(0)
	for {
		steps++
		if steps > size {
			return nil, fmt.Errorf("%w: loop or over-long chain from head %d", ErrBadChain, head)
		}
		if idx >= size {
			return nil, fmt.Errorf("%w: descriptor index %d beyond table of %d", ErrBadChain, idx, size)
		}
		var d [16]byte
		if !t.mem.Read(table+16*uint64(idx), d[:]) {
			return nil, fmt.Errorf("%w: descriptor table at %#x outside RAM", ErrBadChain, table)
		}
		addr := binary.LittleEndian.Uint64(d[0:])
		ln := binary.LittleEndian.Uint32(d[8:])
		flags := binary.LittleEndian.Uint16(d[12:])
		next := binary.LittleEndian.Uint16(d[14:])
		if flags&descIndirect != 0 {
			if indirect || ln%16 != 0 || ln == 0 {
				return nil, fmt.Errorf("%w: bad indirect descriptor (%d bytes)", ErrBadChain, ln)
			}
			table, size, idx, indirect, steps = addr, ln/16, 0, true, 0
			continue
		}
		seg := segment{addr, ln}
		if flags&descWrite != 0 {
			c.writable = append(c.writable, seg)
			c.wlen += uint64(ln)
		} else {
			if len(c.writable) > 0 {
				return nil, fmt.Errorf("%w: readable buffer after a writable one", ErrBadChain)
			}
			c.readable = append(c.readable, seg)
			c.rlen += uint64(ln)
		}
		if c.rlen+c.wlen > maxChainBytes {
			return nil, fmt.Errorf("%w: chain describes more than %d bytes", ErrBadChain, maxChainBytes)
		}
		if flags&descNext == 0 {
			return c, nil
		}
		idx = uint32(next)
	}
}
