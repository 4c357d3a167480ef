package device

import (
	"io"
	"strconv"
)

// UART 16550 placement on QEMU virt.
const (
	UARTBase uint64 = 0x10000000
	UARTSize uint64 = 0x100
	UARTIRQ         = 10

	uartFIFOSize = 16
)

// Register offsets (DLAB=0 unless noted).
const (
	uartRBR = 0 // read: receive buffer; write: THR; DLAB: DLL
	uartIER = 1 // DLAB: DLM
	uartIIR = 2 // read: IIR; write: FCR
	uartLCR = 3
	uartMCR = 4
	uartLSR = 5
	uartMSR = 6
	uartSCR = 7
)

// Register bits.
const (
	ierRDI  = 0x01
	ierTHRI = 0x02
	ierRLSI = 0x04
	ierMSI  = 0x08

	iirNoInt = 0x01
	iirMSI   = 0x00
	iirTHRI  = 0x02
	iirRDI   = 0x04
	iirRLSI  = 0x06
	iirCTI   = 0x0C
	iirFIFO  = 0xC0

	fcrFE     = 0x01
	fcrRXR    = 0x02
	fcrTXR    = 0x04
	fcrTrigHi = 0xC0

	lcrDLAB = 0x80

	mcrOUT2 = 0x08
	mcrLOOP = 0x10

	lsrDR   = 0x01
	lsrOE   = 0x02
	lsrBI   = 0x10
	lsrTHRE = 0x20
	lsrTEMT = 0x40

	msrDCTS = 0x01
	msrCTS  = 0x10
	msrDSR  = 0x20
	msrDCD  = 0x80
	msrAny  = 0x0F
)

// UART is a 16550A serial port modelled on QEMU's serial device, minus its
// host timers:
//
//   - Transmission is instantaneous: a byte written to THR goes to the
//     console writer at once and THRE is set again immediately, raising the
//     THR-empty interrupt if enabled (thr_ipending as in QEMU).
//   - Received bytes wait in an unbounded input queue and move into the
//     16-byte FIFO (one byte holding register when FIFOs are off) as room
//     appears, so the guest never sees an overrun, just as QEMU's chardev
//     holds input back while the FIFO is full.
//   - QEMU raises the character-timeout interrupt after four character times
//     of host time; here a FIFO holding fewer bytes than the trigger level
//     reports the timeout (IIR=0xC) at once, so the guest always learns of
//     data without a clock.
//
// The interrupt output is a level on irq line src of an IRQSink (the PLIC).
type UART struct {
	out  io.Writer
	irq  IRQSink
	src  int
	name string

	rbr        byte // holding register when FIFOs are off
	fifo       [uartFIFOSize]byte
	fifoHead   int
	fifoLen    int
	input      []byte // bytes not yet in the FIFO
	ier        byte
	iir        byte
	fcr        byte
	lcr        byte
	mcr        byte
	lsr        byte
	msr        byte
	scr        byte
	dll, dlm   byte
	thrPending bool
	irqLevel   bool
	txBytes    uint64
	txErr      error
}

// NewUART makes a UART that sends transmitted bytes to out (nil discards
// them) and signals interrupts on irq line src.
func NewUART(out io.Writer, irq IRQSink, src int) *UART {
	if out == nil {
		out = io.Discard
	}
	u := &UART{out: out, irq: irq, src: src, name: "uart0"}
	u.Reset()
	return u
}

// Name implements Device.
func (u *UART) Name() string { return u.name }

// Base implements Device.
func (u *UART) Base() uint64 { return UARTBase }

// Size implements Device.
func (u *UART) Size() uint64 { return UARTSize }

// SetOutput redirects transmitted bytes (nil discards them).
func (u *UART) SetOutput(w io.Writer) {
	if w == nil {
		w = io.Discard
	}
	u.out = w
}

// TxErr returns the first error the console writer returned, if any. The
// guest cannot see write errors; the board may report them.
func (u *UART) TxErr() error { return u.txErr }

// Input queues bytes typed at the console. The board calls it between run
// slices, at an instruction count it records, to keep replays exact.
func (u *UART) Input(b []byte) {
	u.input = append(u.input, b...)
	u.fill()
	u.updateIRQ()
}

// Buffered is the number of received bytes not yet read by the guest.
func (u *UART) Buffered() int {
	n := len(u.input) + u.fifoLen
	if u.fcr&fcrFE == 0 && u.lsr&lsrDR != 0 {
		n++
	}
	return n
}

// fill moves queued input into the FIFO (or the holding register).
func (u *UART) fill() {
	if u.fcr&fcrFE == 0 {
		if u.lsr&lsrDR == 0 && len(u.input) > 0 {
			u.rbr = u.input[0]
			u.input = u.input[1:]
			u.lsr |= lsrDR
		}
	} else {
		for u.fifoLen < uartFIFOSize && len(u.input) > 0 {
			u.fifo[(u.fifoHead+u.fifoLen)%uartFIFOSize] = u.input[0]
			u.fifoLen++
			u.input = u.input[1:]
		}
		if u.fifoLen > 0 {
			u.lsr |= lsrDR
		}
	}
	if len(u.input) == 0 {
		u.input = u.input[:0:0] // let the backing array go
	}
}

func (u *UART) triggerLevel() int {
	switch u.fcr & fcrTrigHi {
	case 0x00:
		return 1
	case 0x40:
		return 4
	case 0x80:
		return 8
	}
	return 14
}

// pendingIIR computes the interrupt identification, highest priority first
// (QEMU serial_update_irq).
func (u *UART) pendingIIR() byte {
	switch {
	case u.ier&ierRLSI != 0 && u.lsr&(lsrOE|lsrBI) != 0:
		return iirRLSI
	case u.ier&ierRDI != 0 && u.lsr&lsrDR != 0:
		if u.fcr&fcrFE != 0 && u.fifoLen < u.triggerLevel() {
			return iirCTI
		}
		return iirRDI
	case u.ier&ierTHRI != 0 && u.thrPending:
		return iirTHRI
	case u.ier&ierMSI != 0 && u.msr&msrAny != 0:
		return iirMSI
	}
	return iirNoInt
}

func (u *UART) updateIRQ() {
	id := u.pendingIIR()
	u.iir = id | u.iir&0xF0
	level := id != iirNoInt
	if level != u.irqLevel {
		u.irqLevel = level
		if u.irq != nil {
			u.irq.SetIRQ(u.src, level)
		}
	}
}

func (u *UART) transmit(b byte) {
	if u.mcr&mcrLOOP != 0 {
		u.Input([]byte{b})
	} else {
		if _, err := u.out.Write([]byte{b}); err != nil && u.txErr == nil {
			u.txErr = err
		}
		u.txBytes++
	}
	u.lsr |= lsrTHRE | lsrTEMT
	u.thrPending = true
}

// Load implements Device. Accesses wider than a byte act on the register at
// off and read its value zero-extended.
func (u *UART) Load(off uint64, size int) (uint64, bool) { return u.read(off, size, false) }

// Peek implements Device.
func (u *UART) Peek(off uint64, size int) (uint64, bool) { return u.read(off, size, true) }

func (u *UART) read(off uint64, size int, peek bool) (uint64, bool) {
	if !validSize(off, size, 8) {
		return 0, false
	}
	var v byte
	switch off {
	case uartRBR:
		if u.lcr&lcrDLAB != 0 {
			v = u.dll
			break
		}
		if u.fcr&fcrFE != 0 {
			if u.fifoLen > 0 {
				v = u.fifo[u.fifoHead]
				if !peek {
					u.fifoHead = (u.fifoHead + 1) % uartFIFOSize
					u.fifoLen--
				}
			}
		} else {
			v = u.rbr
			if !peek {
				u.lsr &^= lsrDR
			}
		}
		if !peek {
			if u.fcr&fcrFE != 0 && u.fifoLen == 0 {
				u.lsr &^= lsrDR
			}
			u.fill()
			u.updateIRQ()
		}
	case uartIER:
		if u.lcr&lcrDLAB != 0 {
			v = u.dlm
		} else {
			v = u.ier
		}
	case uartIIR:
		v = u.iir
		if !peek && v&0x0F == iirTHRI {
			u.thrPending = false
			u.updateIRQ()
		}
	case uartLCR:
		v = u.lcr
	case uartMCR:
		v = u.mcr
	case uartLSR:
		v = u.lsr
		if !peek && u.lsr&(lsrOE|lsrBI) != 0 {
			u.lsr &^= lsrOE | lsrBI
			u.updateIRQ()
		}
	case uartMSR:
		if u.mcr&mcrLOOP != 0 {
			// Loopback wires RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD.
			v = (u.mcr&0x0c)<<4 | (u.mcr&0x02)<<3 | (u.mcr&0x01)<<5
		} else {
			v = u.msr
			if !peek && u.msr&msrAny != 0 {
				u.msr &^= msrAny
				u.updateIRQ()
			}
		}
	case uartSCR:
		v = u.scr
	}
	return uint64(v), true
}

// Store implements Device.
func (u *UART) Store(off uint64, size int, val uint64) bool {
	if !validSize(off, size, 8) {
		return false
	}
	b := byte(val)
	switch off {
	case uartRBR:
		if u.lcr&lcrDLAB != 0 {
			u.dll = b
			break
		}
		u.thrPending = false
		u.transmit(b)
	case uartIER:
		if u.lcr&lcrDLAB != 0 {
			u.dlm = b
			break
		}
		changed := (u.ier ^ b) & 0x0F
		u.ier = b & 0x0F
		if changed&ierTHRI != 0 {
			u.thrPending = u.ier&ierTHRI != 0 && u.lsr&lsrTHRE != 0
		}
	case uartIIR: // FCR
		if (u.fcr^b)&fcrFE != 0 {
			// Toggling FIFO mode clears both FIFOs.
			b |= fcrRXR | fcrTXR
		}
		if b&fcrRXR != 0 {
			u.fifoHead, u.fifoLen = 0, 0
			u.lsr &^= lsrDR
		}
		u.fcr = b &^ (fcrRXR | fcrTXR)
		if u.fcr&fcrFE != 0 {
			u.iir |= iirFIFO
		} else {
			u.iir &^= iirFIFO
		}
		u.fill()
	case uartLCR:
		u.lcr = b
	case uartMCR:
		u.mcr = b & 0x1F
	case uartLSR, uartMSR:
		// Read-only on a real 16550 (factory test only); ignored.
	case uartSCR:
		u.scr = b
	}
	u.updateIRQ()
	return true
}

// Reset implements Device: power-on values as QEMU's serial_reset. Queued
// input is dropped with the FIFO.
func (u *UART) Reset() {
	*u = UART{out: u.out, irq: u.irq, src: u.src, name: u.name, txErr: u.txErr, txBytes: u.txBytes,
		irqLevel: u.irqLevel}
	u.iir = iirNoInt
	u.lsr = lsrTEMT | lsrTHRE
	u.msr = msrDCD | msrDSR | msrCTS
	u.mcr = mcrOUT2
	u.dll = 0x0C
	u.updateIRQ()
}

// State implements Device.
func (u *UART) State() []Field {
	return []Field{
		{Name: "ier", Value: uint64(u.ier)},
		{Name: "iir", Value: uint64(u.iir)},
		{Name: "fcr", Value: uint64(u.fcr)},
		{Name: "lcr", Value: uint64(u.lcr)},
		{Name: "mcr", Value: uint64(u.mcr)},
		{Name: "lsr", Value: uint64(u.lsr)},
		{Name: "msr", Value: uint64(u.msr)},
		{Name: "scr", Value: uint64(u.scr)},
		{Name: "divisor", Value: uint64(u.dlm)<<8 | uint64(u.dll)},
		{Name: "rx", Value: uint64(u.Buffered()), Note: "bytes waiting"},
		{Name: "tx", Value: u.txBytes, Note: "bytes sent"},
		{Name: "irq", Value: boolVal(u.irqLevel), Note: "line " + strconv.Itoa(u.src)},
	}
}

func boolVal(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
