package machine

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"vmcore/isa/riscv"
	"vmcore/vm/device"
	"vmcore/vm/device/virtio"
)

// Board constants.
const (
	// RAMBase is the physical address of guest RAM (QEMU virt).
	RAMBase uint64 = 0x80000000
	// TimebaseHz is the mtime frequency the DTB advertises.
	TimebaseHz = 10_000_000

	// DefaultRAMSize is 128 MiB, QEMU virt's default.
	DefaultRAMSize uint64 = 128 << 20
	// MinRAMSize leaves room for a program beside the device tree.
	MinRAMSize uint64 = 64 << 10
	// MaxRAMSize bounds RAM so that per-page bookkeeping stays small.
	MaxRAMSize uint64 = 16 << 30
	// MaxHarts is the most harts a board can have.
	MaxHarts = 64
	// DefaultInsnsPerTick: mtime advances once per 10 instructions, so one
	// virtual second is 1e8 instructions, about a second of host time at
	// the interpreter's speed.
	DefaultInsnsPerTick = 10
	// DefaultQuantum is the number of instructions a hart runs before the
	// round-robin scheduler moves to the next one.
	DefaultQuantum = 10_000
)

// Config describes a board. The zero value of each field selects its
// default. A recorded session stores the Config: the same Config and the
// same inputs give the same execution.
type Config struct {
	RAMSize      uint64 // bytes, a multiple of 4 KiB; default 128 MiB
	Harts        int    // default 1
	InsnsPerTick uint64 // instructions per mtime tick; default 10
	Quantum      uint64 // instructions per round-robin turn; default 10000
	Console      io.Writer
	Bootargs     string // /chosen/bootargs in the DTB, if not empty
	// WaitForInput makes an idle machine (every hart in wfi, no timer
	// armed) wait for console input instead of returning ReasonIdle, until
	// CloseInput is called.
	WaitForInput bool
	// OnInput, if set, is called on the run goroutine each time console
	// input enters the UART, with the total instruction count at that
	// moment: the hook through which a recorder stamps input events.
	OnInput func(icount uint64, b []byte)

	// Virtio lists the devices in the virtio-mmio slots at power-on. A
	// spec without a slot takes the highest free one, as QEMU assigns
	// -device virtio-*-device options (the first lands at 0x10008000).
	Virtio []virtio.Spec
	// VirtioModern gives the transports the modern register layout
	// (Version 2). The default is legacy (Version 1), as QEMU 7.2's
	// virt machine (virtio-mmio force-legacy=true).
	VirtioModern bool
	// RNGSeed seeds virtio-rng devices whose spec gives no seed; a
	// recording must store it.
	RNGSeed uint64
	// RTCEpoch is the goldfish RTC's time at virtual time zero, in
	// nanoseconds since 1970 (default 0). Never the host clock unless a
	// caller chooses so and records it.
	RTCEpoch uint64
	// InputToVirtio sends console input (SendInput, InjectInput) to the
	// first virtio console on the board instead of the UART, as a guest
	// whose console is hvc0 wants; with no virtio console it goes to the
	// UART. Output of both always goes to Console.
	InputToVirtio bool
}

func (c *Config) fill() error {
	if c.RAMSize == 0 {
		c.RAMSize = DefaultRAMSize
	}
	if c.Harts == 0 {
		c.Harts = 1
	}
	if c.InsnsPerTick == 0 {
		c.InsnsPerTick = DefaultInsnsPerTick
	}
	if c.Quantum == 0 {
		c.Quantum = DefaultQuantum
	}
	switch {
	case c.RAMSize%riscv.PageSize != 0:
		return fmt.Errorf("machine: RAM size %d is not a multiple of 4 KiB", c.RAMSize)
	case c.RAMSize < MinRAMSize:
		return fmt.Errorf("machine: RAM size %d is below the minimum of %d (64 KiB)", c.RAMSize, MinRAMSize)
	case c.RAMSize > MaxRAMSize:
		return fmt.Errorf("machine: RAM size %d exceeds the maximum of %d (16 GiB)", c.RAMSize, MaxRAMSize)
	case c.Harts < 1 || c.Harts > MaxHarts:
		return fmt.Errorf("machine: %d harts; want 1..%d", c.Harts, MaxHarts)
	case c.InsnsPerTick > 1<<20:
		return fmt.Errorf("machine: %d instructions per tick is too many (max %d)", c.InsnsPerTick, 1<<20)
	case len(c.Virtio) > virtio.Slots:
		return fmt.Errorf("machine: %d virtio devices; the board has %d slots", len(c.Virtio), virtio.Slots)
	}
	return nil
}

// Reason says why Run returned.
type Reason uint8

// Run results.
const (
	// ReasonPass: the guest powered off successfully (finisher 0x5555, or
	// HTIF exit code 0).
	ReasonPass Reason = iota
	// ReasonFail: the guest powered off with a failure code.
	ReasonFail
	// ReasonLimit: the instruction limit given to Run was reached.
	ReasonLimit
	// ReasonInterrupted: the context was cancelled.
	ReasonInterrupted
	// ReasonIdle: every hart waits for an interrupt that nothing can raise
	// any more (no timer armed, no input possible): the guest hangs.
	ReasonIdle
	// ReasonBreakpoint: a hart reached an instruction with a breakpoint.
	ReasonBreakpoint
)

// String names the reason for messages.
func (r Reason) String() string {
	switch r {
	case ReasonPass:
		return "pass"
	case ReasonFail:
		return "fail"
	case ReasonLimit:
		return "instruction limit"
	case ReasonInterrupted:
		return "interrupted"
	case ReasonIdle:
		return "idle"
	case ReasonBreakpoint:
		return "breakpoint"
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Result is the outcome of Run.
type Result struct {
	Reason   Reason
	ExitCode int    // guest exit code for ReasonPass/ReasonFail
	Source   string // "finisher" or "htif" for an exit
	Hart     int    // the hart that exited, hit a breakpoint, or ran last
	PC       uint64 // that hart's pc
	Icount   uint64 // total instructions retired by all harts
}

// Exited reports whether the guest powered off.
func (r Result) Exited() bool { return r.Reason == ReasonPass || r.Reason == ReasonFail }

// Machine is the board: RAM, boot ROM, devices and harts, with a virtual
// clock that advances with retired instructions.
//
// A Machine is driven from one goroutine: Run and every accessor. Only
// SendInput and CloseInput may be called from other goroutines.
type Machine struct {
	cfg     Config
	windows []window // the address window of each of devs, same order
	lastDev int      // the device the last access found, tried first
	ram     []byte
	mem     *riscv.Memory
	hashes  pageHashes
	harts   []*riscv.Hart
	rom     []byte
	dtb     []byte
	fdt     uint64

	fin   *device.Finisher
	clint *device.CLINT
	plic  *device.PLIC
	uart  *device.UART
	rtc   *device.GoldfishRTC
	vio   [virtio.Slots]*virtio.Transport
	htif  *device.HTIF
	devs  []device.Device

	image     *Image
	entry     uint64
	hasInitrd bool // the DTB names an initrd

	// Virtual time: cycles counts instructions retired by all harts plus
	// time skipped while every hart waited. mtime = cycles / InsnsPerTick.
	cycles   uint64
	running  bool // inside a hart's Run
	cur      int  // hart being run
	curStart uint64
	turnLeft uint64
	exit     *Result

	userHook riscv.AccessHook

	input inputBox
}

// inputBox carries console input from any goroutine to the run loop.
type inputBox struct {
	mu     sync.Mutex
	buf    []byte
	closed bool
	ready  chan struct{}
	has    atomic.Bool
	taken  []byte // reused between takes
}

// New builds a board. Call Load to place a program, and Close when done.
func New(cfg Config) (*Machine, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	dtb, err := buildDTB(&cfg, nil)
	if err != nil {
		return nil, err
	}
	ram, err := mapRAM(cfg.RAMSize)
	if err != nil {
		return nil, err
	}
	m := &Machine{cfg: cfg, ram: ram, dtb: dtb, fdt: dtbAddr(cfg.RAMSize, len(dtb)), entry: RAMBase}
	m.input.ready = make(chan struct{}, 1)
	m.mem = riscv.NewMemory(RAMBase, ram)
	m.mem.SetAccessHook(m.onAccess)
	for i := range cfg.Harts {
		m.harts = append(m.harts, riscv.NewHart(i, m.mem, (*busView)(m), m))
	}
	m.fin = device.NewFinisher()
	m.clint = device.NewCLINT(cfg.Harts, m, m)
	m.plic = device.NewPLIC(cfg.Harts, m)
	m.uart = device.NewUART(cfg.Console, m.plic, device.UARTIRQ)
	m.rtc = device.NewGoldfishRTC(m, m.plic, cfg.RTCEpoch)
	// Address order: the bus searches this list.
	m.devs = []device.Device{m.fin, m.rtc, m.clint, m.plic, m.uart}
	for i := range m.vio {
		m.vio[i] = virtio.NewTransport(i, !cfg.VirtioModern, m.mem, m.plic)
		m.devs = append(m.devs, m.vio[i])
	}
	for _, d := range m.devs {
		m.windows = append(m.windows, window{base: d.Base(), size: d.Size()})
	}
	if err := m.attachConfigured(); err != nil {
		m.Close()
		return nil, err
	}
	m.reset()
	return m, nil
}

// Close releases guest RAM and the virtio devices' files. The machine
// must not be used afterwards.
func (m *Machine) Close() error {
	var err error
	for _, t := range m.vio {
		if t != nil && t.Backend() != nil {
			if b, e := t.Detach(); e == nil {
				err = errors.Join(err, b.Close())
			} else {
				err = errors.Join(err, t.Backend().Close())
			}
		}
	}
	ram := m.ram
	m.ram = nil
	return errors.Join(err, unmapRAM(ram))
}

// Load places a program in RAM, enables HTIF if the program has a tohost
// symbol, and resets the board so that every hart enters the boot ROM,
// which jumps to the program's entry point.
func (m *Machine) Load(img *Image) error {
	for i, s := range img.Segments {
		if !m.mem.Contains(s.Addr, max(s.MemSize, 1)) {
			return &LoadError{File: img.Name, Err: ErrOutsideRAM, Detail: fmt.Sprintf(
				"segment %d at %#x..%#x; RAM is %#x..%#x", i, s.Addr, s.Addr+s.MemSize,
				RAMBase, RAMBase+m.cfg.RAMSize)}
		}
		if s.Addr < m.fdt+uint64(len(m.dtb)) && m.fdt < s.Addr+s.MemSize {
			return &LoadError{File: img.Name, Err: ErrOutsideRAM, Detail: fmt.Sprintf(
				"segment %d at %#x..%#x overlaps the device tree at %#x; give the machine more RAM",
				i, s.Addr, s.Addr+s.MemSize, m.fdt)}
		}
	}
	if img.HasTohost && !m.mem.Contains(img.Tohost, 8) {
		return &LoadError{File: img.Name, Err: ErrOutsideRAM, Detail: fmt.Sprintf("tohost at %#x", img.Tohost)}
	}
	if img.InitrdEnd > img.InitrdStart || m.hasInitrd {
		// The DTB's /chosen names the initrd: rebuild it, and place it
		// again, since its size changed.
		dtb, err := buildDTB(&m.cfg, img)
		if err != nil {
			return &LoadError{File: img.Name, Err: ErrOutsideRAM, Detail: err.Error()}
		}
		fdt := dtbAddr(m.cfg.RAMSize, len(dtb))
		for i, s := range img.Segments {
			if s.Addr < fdt+uint64(len(dtb)) && fdt < s.Addr+s.MemSize {
				return &LoadError{File: img.Name, Err: ErrOutsideRAM, Detail: fmt.Sprintf(
					"segment %d at %#x..%#x overlaps the device tree at %#x; give the machine more RAM",
					i, s.Addr, s.Addr+s.MemSize, fdt)}
			}
		}
		m.dtb, m.fdt = dtb, fdt
		m.hasInitrd = img.InitrdEnd > img.InitrdStart
	}
	m.image = img
	m.entry = img.Entry
	m.htif = nil
	zeroRAM(m.ram) // a fresh board: RAM is zero except the program
	m.ramReplaced()
	m.mem.InvalidateCode()
	if img.HasTohost {
		m.htif = device.NewHTIF(m.mem, img.Tohost, img.Fromhost, img.HasFromhost, m.cfg.Console)
	}
	m.exit = nil
	m.reset()
	return nil
}

// reset is the board's power-on/reset: program image and DTB written
// (again) to RAM, ROM rebuilt, harts at the reset vector, devices at their
// power-on state. RAM outside the image and DTB keeps its contents, as on
// QEMU. Virtual time keeps running.
func (m *Machine) reset() {
	if m.image != nil {
		for _, s := range m.image.Segments {
			m.mem.Write(s.Addr, s.Data)
			if s.MemSize > uint64(len(s.Data)) {
				zero(m.mem, s.Addr+uint64(len(s.Data)), s.MemSize-uint64(len(s.Data)))
			}
		}
	}
	m.mem.Write(m.fdt, m.dtb)
	m.mem.InvalidateCode()
	next := m.entry
	if m.image != nil && m.image.Boot {
		next = m.image.Next
	}
	m.rom = bootROM(m.entry, m.fdt, next)
	for _, h := range m.harts {
		h.Reset(ROMBase)
	}
	for _, d := range m.devs {
		d.Reset()
	}
	if m.htif != nil {
		m.htif.Reset()
		m.mem.SetWatch(m.htif.Tohost(), riscv.WatchWrite)
	}
	m.cur = 0
	m.turnLeft = m.cfg.Quantum
}

func zero(mem *riscv.Memory, addr, n uint64) {
	var z [4096]byte
	for n > 0 {
		k := min(n, uint64(len(z)))
		mem.Write(addr, z[:k])
		addr += k
		n -= k
	}
}

// Config returns the board's configuration with defaults filled in.
func (m *Machine) Config() Config { return m.cfg }

// Memory is guest RAM.
func (m *Machine) Memory() *riscv.Memory { return m.mem }

// Harts returns the harts, indexed by hart id.
func (m *Machine) Harts() []*riscv.Hart { return m.harts }

// Devices returns the MMIO devices in address order.
func (m *Machine) Devices() []device.Device { return m.devs }

// UART is the console serial port.
func (m *Machine) UART() *device.UART { return m.uart }

// HTIF is the host-target interface, nil unless the program has tohost.
func (m *Machine) HTIF() *device.HTIF { return m.htif }

// Image is the loaded program, nil before Load.
func (m *Machine) Image() *Image { return m.image }

// Symbols is the loaded program's symbol table (empty before Load).
func (m *Machine) Symbols() *Symbols {
	if m.image == nil {
		return nil
	}
	return m.image.Symbols
}

// DTB returns the device tree blob and its address in RAM.
func (m *Machine) DTB() ([]byte, uint64) { return m.dtb, m.fdt }

// ROM returns the boot ROM contents.
func (m *Machine) ROM() []byte { return m.rom }

// Icount is the total number of instructions retired by all harts.
func (m *Machine) Icount() uint64 {
	var n uint64
	for _, h := range m.harts {
		n += h.Icount()
	}
	return n
}

// now is the virtual cycle count, including the running hart's progress
// within its current slice.
func (m *Machine) now() uint64 {
	if m.running {
		return m.cycles + m.harts[m.cur].Icount() - m.curStart
	}
	return m.cycles
}

// Ticks implements device.TimeSource: virtual time in timebase ticks.
func (m *Machine) Ticks() uint64 { return m.now() / m.cfg.InsnsPerTick }

// Time implements riscv.Clock: the value of mtime (and the time CSR).
func (m *Machine) Time() uint64 { return m.clint.Mtime() }

// SetHartLines implements device.HartLines.
func (m *Machine) SetHartLines(hart int, mask, val uint64) {
	if hart >= 0 && hart < len(m.harts) {
		m.harts[hart].SetLines(mask, val)
	}
}

// SetAccessHook installs a hook for accesses to pages watched with
// SetWatch (the debugger's watchpoints). It runs after HTIF's own handling.
func (m *Machine) SetAccessHook(h riscv.AccessHook) { m.userHook = h }

// SetWatch watches the page holding paddr for the given kinds (riscv.
// WatchRead/WatchWrite; 0 removes the watch), keeping the write watch HTIF
// needs on the tohost page. It reports false if paddr is not in RAM.
func (m *Machine) SetWatch(paddr uint64, kinds uint8) bool {
	if m.htif != nil && paddr>>12 == m.htif.Tohost()>>12 {
		kinds |= riscv.WatchWrite
	}
	return m.mem.SetWatch(paddr, kinds)
}

func (m *Machine) onAccess(paddr uint64, size int, write bool, old, val uint64) bool {
	stop := false
	if write && m.htif != nil && m.htif.Touches(paddr, size) {
		stop = m.htif.Poll()
	}
	if m.userHook != nil && m.userHook(paddr, size, write, old, val) {
		stop = true
	}
	return stop
}
