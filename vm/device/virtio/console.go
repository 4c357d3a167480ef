package virtio

import (
	"io"

	"vmcore/vm/device"
)

const (
	consoleQueueSize = 128
	consoleRX        = 0
	consoleTX        = 1
	// maxConsoleInput bounds the input a saved state may hold.
	maxConsoleInput = 64 << 20
)

// Console is a virtio console with one port (no multiport, no size
// feature): transmit buffers go to a host writer, host input fills the
// receive buffers the driver posts. Input enters through Input on the run
// goroutine, like UART input, so a recorder can stamp it.
type Console struct {
	out     io.Writer
	pending []byte
	kick    func(q int)
	txBytes uint64
}

// NewConsole makes a console writing the guest's output to out (nil
// discards it).
func NewConsole(out io.Writer) *Console { return &Console{out: out} }

// Kind implements Backend.
func (c *Console) Kind() string { return "console" }

// Spec implements Backend.
func (c *Console) Spec() Spec { return Spec{Kind: "console", Slot: -1} }

// DeviceID implements Backend.
func (c *Console) DeviceID() uint32 { return IDConsole }

// Features implements Backend: none (one port, no size).
func (c *Console) Features() uint64 { return 0 }

// QueueSizes implements Backend: receiveq0 and transmitq0.
func (c *Console) QueueSizes() []uint16 { return []uint16{consoleQueueSize, consoleQueueSize} }

// ReadConfig implements Backend: cols, rows, max_nr_ports, emerg_wr, all
// zero without the features that give them meaning.
func (c *Console) ReadConfig(off uint64, size int) uint64 { return 0 }

// WriteConfig implements Backend. emerg_wr (offset 8) writes one
// character, as the spec allows even without VIRTIO_CONSOLE_F_EMERG_WRITE.
func (c *Console) WriteConfig(off uint64, size int, val uint64) {
	if off == 8 && c.out != nil {
		_, _ = c.out.Write([]byte{byte(val)}) // a console write error is the host's business
	}
}

// Reset implements Backend. Input not yet delivered stays queued.
func (c *Console) Reset() {}

func (c *Console) setKick(k func(q int)) { c.kick = k }

// waitsForInput reports that receive buffers are posted in advance and
// wait for input: they are not requests in flight.
func (c *Console) waitsForInput(q int) bool { return q == consoleRX }

// Input queues host input for the guest and delivers what the posted
// receive buffers can take.
func (c *Console) Input(b []byte) {
	c.pending = append(c.pending, b...)
	if c.kick != nil {
		c.kick(consoleRX)
	}
}

// Pending is the input not yet delivered.
func (c *Console) Pending() int { return len(c.pending) }

// Handle implements Backend.
func (c *Console) Handle(q int, ch *Chain) (uint32, bool, error) {
	switch q {
	case consoleRX:
		if len(c.pending) == 0 {
			return 0, false, nil
		}
		n := min(uint64(len(c.pending)), ch.WritableLen())
		if _, err := ch.Write(0, c.pending[:n]); err != nil {
			return 0, false, err
		}
		c.pending = c.pending[n:]
		if len(c.pending) == 0 {
			c.pending = nil
		}
		return uint32(n), true, nil
	case consoleTX:
		buf := make([]byte, ch.ReadableLen())
		if _, err := ch.Read(0, buf); err != nil {
			return 0, false, err
		}
		c.txBytes += uint64(len(buf))
		if c.out != nil {
			_, _ = c.out.Write(buf) // a console write error is the host's business
		}
		return 0, true, nil
	}
	return 0, true, nil
}

// Save implements Backend: undelivered input and the output count.
func (c *Console) Save() []byte {
	e := device.NewStateWriter(stateVersion)
	e.Bytes(c.pending)
	e.U64(c.txBytes)
	return e.Data()
}

// Restore implements Backend.
func (c *Console) Restore(b []byte) error {
	d := device.NewStateReader("virtio-console", b, 1, stateVersion)
	p, tx := d.Bytes(maxConsoleInput), d.U64()
	if err := d.Done(); err != nil {
		return err
	}
	if len(p) == 0 {
		p = nil
	}
	c.pending, c.txBytes = p, tx
	return nil
}

// Close implements Backend.
func (c *Console) Close() error { return nil }
