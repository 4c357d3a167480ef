package device

import (
	"encoding/binary"
	"fmt"
	"io"
)

// GuestMemory is the RAM access HTIF needs: riscv.Memory satisfies it.
type GuestMemory interface {
	Read(paddr uint64, buf []byte) bool
	Write(paddr uint64, buf []byte) bool
}

// HTIF command fields (Spike's host-target interface).
const (
	htifDevSyscall = 0 // cmd 0: payload&1 = exit(payload>>1), else a syscall block
	htifDevConsole = 1 // cmd 0: getchar, cmd 1: putchar

	sysWrite = 64
	sysExit  = 93
	enosys   = 38
	efault   = 14
)

// HTIF is Spike's host-target interface as riscv-tests and many bare-metal
// programs use it: the guest stores a command in the RAM doubleword at
// symbol tohost, the host consumes it (clearing tohost) and, when the ELF
// also has fromhost, answers there.
//
// Supported commands: device 0 command 0 with payload bit 0 set exits with
// code payload>>1; with bit 0 clear the payload points at Spike's "magic
// memory" syscall block of which SYS_write to fd 1/2 and SYS_exit are
// served (others return -ENOSYS); device 1 command 1 writes payload&0xff to
// the console. Console input (device 1 command 0) is not supported.
//
// HTIF is not on the MMIO bus; the board watches the page of tohost and
// calls Poll after each guest store that touches it.
type HTIF struct {
	mem         GuestMemory
	out         io.Writer
	tohost      uint64
	fromhost    uint64
	hasFromhost bool

	exited   bool
	code     uint64
	commands uint64
	last     uint64
}

// NewHTIF makes the interface for the tohost doubleword at tohost and, when
// hasFromhost, the fromhost doubleword at fromhost. Console output goes to
// out (nil discards it).
func NewHTIF(mem GuestMemory, tohost, fromhost uint64, hasFromhost bool, out io.Writer) *HTIF {
	if out == nil {
		out = io.Discard
	}
	return &HTIF{mem: mem, out: out, tohost: tohost, fromhost: fromhost, hasFromhost: hasFromhost}
}

// Name is "htif".
func (h *HTIF) Name() string { return "htif" }

// Tohost is the physical address of the tohost doubleword.
func (h *HTIF) Tohost() uint64 { return h.tohost }

// SetOutput redirects console output (nil discards it).
func (h *HTIF) SetOutput(w io.Writer) {
	if w == nil {
		w = io.Discard
	}
	h.out = w
}

// Touches reports whether an access of size bytes at paddr overlaps tohost.
func (h *HTIF) Touches(paddr uint64, size int) bool {
	return paddr < h.tohost+8 && h.tohost < paddr+uint64(size)
}

// Exit reports whether the guest asked to exit, and its exit code.
func (h *HTIF) Exit() (bool, uint64) { return h.exited, h.code }

// Reset forgets a requested exit (a board reset).
func (h *HTIF) Reset() { h.exited, h.code = false, 0 }

func (h *HTIF) read64(addr uint64) (uint64, bool) {
	var b [8]byte
	if !h.mem.Read(addr, b[:]) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(b[:]), true
}

func (h *HTIF) write64(addr, v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	h.mem.Write(addr, b[:])
}

// Poll consumes a command waiting in tohost, if any, and reports whether
// the guest has now asked to exit (so the board should stop the hart).
// A 32-bit store of the low half is enough to issue a command whose upper
// half is zero, which is how riscv-tests report their result.
func (h *HTIF) Poll() bool {
	cmd, ok := h.read64(h.tohost)
	if !ok || cmd == 0 || h.exited {
		return h.exited
	}
	h.write64(h.tohost, 0)
	h.commands++
	h.last = cmd
	dev, op, payload := cmd>>56, cmd>>48&0xff, cmd&(1<<48-1)
	switch {
	case dev == htifDevSyscall && op == 0:
		if payload&1 != 0 {
			h.exited, h.code = true, payload>>1
			return true
		}
		h.syscall(payload)
		h.respond(dev, op, 1)
	case dev == htifDevConsole && op == 1:
		_, _ = h.out.Write([]byte{byte(payload)}) // the guest cannot observe host errors
		h.respond(dev, op, 0x100|payload&0xff)
	}
	return h.exited
}

func (h *HTIF) respond(dev, op, val uint64) {
	if h.hasFromhost {
		h.write64(h.fromhost, dev<<56|op<<48|val&(1<<48-1))
	}
}

// syscall serves Spike's magic-memory block: eight doublewords holding the
// syscall number and arguments; the result replaces the number.
func (h *HTIF) syscall(block uint64) {
	var words [4]uint64
	for i := range words {
		v, ok := h.read64(block + 8*uint64(i))
		if !ok {
			return // a bad pointer: nothing to answer, the guest hangs as on Spike
		}
		words[i] = v
	}
	ret := ^uint64(enosys - 1) // -ENOSYS
	switch words[0] {
	case sysWrite:
		fd, buf, n := words[1], words[2], words[3]
		if fd == 1 || fd == 2 {
			data := make([]byte, min(n, 1<<20))
			if h.mem.Read(buf, data) {
				_, _ = h.out.Write(data) // the guest cannot observe host errors
				ret = uint64(len(data))
			} else {
				ret = ^uint64(efault - 1) // -EFAULT
			}
		}
	case sysExit:
		h.exited, h.code = true, words[1]
		return
	}
	h.write64(block, ret)
}

// State describes the interface for a devices pane.
func (h *HTIF) State() []Field {
	exit := "running"
	if h.exited {
		exit = fmt.Sprintf("exited with %d", h.code)
	}
	return []Field{
		{Name: "tohost", Value: h.tohost, Note: "address"},
		{Name: "fromhost", Value: h.fromhost, Note: "address"},
		{Name: "commands", Value: h.commands},
		{Name: "last", Value: h.last, Note: exit},
	}
}
