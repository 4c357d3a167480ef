package device

// Goldfish RTC placement on QEMU virt.
const (
	RTCBase uint64 = 0x101000
	RTCSize uint64 = 0x1000
	RTCIRQ         = 11

	rtcTimeLow        = 0x00
	rtcTimeHigh       = 0x04
	rtcAlarmLow       = 0x08
	rtcAlarmHigh      = 0x0c
	rtcIRQEnabled     = 0x10
	rtcClearAlarm     = 0x14
	rtcAlarmStatus    = 0x18
	rtcClearInterrupt = 0x1c

	// NsPerTick converts the board's 10 MHz timebase to nanoseconds.
	NsPerTick = 100
)

// GoldfishRTC is Android's goldfish real-time clock as QEMU models it: a
// 64-bit nanosecond counter (reading TIME_LOW latches TIME_HIGH), and one
// alarm that raises a level interrupt through the PLIC.
//
// Its time is virtual: the board's timebase ticks times 100 ns, plus the
// epoch given at construction (nanoseconds since 1970, from the machine
// configuration, so that recordings replay), plus whatever the guest's
// writes to TIME_LOW/TIME_HIGH added. The alarm is checked when the board
// calls Update, and the board bounds run slices with TicksUntil, so the
// interrupt arrives at an exact instruction count.
type GoldfishRTC struct {
	clock TimeSource
	irq   IRQSink
	epoch uint64

	offset       uint64 // added to epoch + virtual ns (guest writes)
	timeHigh     uint32
	alarmNext    uint64
	alarmRunning bool
	irqEnabled   bool
	irqPending   bool
	irqLevel     bool
}

// NewGoldfishRTC makes the RTC reading time from clock, starting at epoch
// nanoseconds since 1970 at virtual time zero.
func NewGoldfishRTC(clock TimeSource, irq IRQSink, epoch uint64) *GoldfishRTC {
	return &GoldfishRTC{clock: clock, irq: irq, epoch: epoch}
}

// Name implements Device.
func (r *GoldfishRTC) Name() string { return "rtc" }

// Base implements Device.
func (r *GoldfishRTC) Base() uint64 { return RTCBase }

// Size implements Device.
func (r *GoldfishRTC) Size() uint64 { return RTCSize }

// Now is the counter's value in nanoseconds.
func (r *GoldfishRTC) Now() uint64 { return r.epoch + r.clock.Ticks()*NsPerTick + r.offset }

// Load implements Device. Registers are 32 bits wide.
func (r *GoldfishRTC) Load(off uint64, size int) (uint64, bool) {
	if size != 4 || off%4 != 0 {
		return 0, false
	}
	if off == rtcTimeLow {
		now := r.Now()
		r.timeHigh = uint32(now >> 32)
		return now & 0xffffffff, true
	}
	return r.Peek(off, size)
}

// Peek implements Device: TIME_LOW without latching TIME_HIGH.
func (r *GoldfishRTC) Peek(off uint64, size int) (uint64, bool) {
	if size != 4 || off%4 != 0 {
		return 0, false
	}
	switch off {
	case rtcTimeLow:
		return r.Now() & 0xffffffff, true
	case rtcTimeHigh:
		return uint64(r.timeHigh), true
	case rtcAlarmLow:
		return r.alarmNext & 0xffffffff, true
	case rtcAlarmHigh:
		return r.alarmNext >> 32, true
	case rtcIRQEnabled:
		return uint64(boolVal(r.irqEnabled)), true
	case rtcAlarmStatus:
		return uint64(boolVal(r.alarmRunning)), true
	}
	return 0, true
}

// Store implements Device.
func (r *GoldfishRTC) Store(off uint64, size int, val uint64) bool {
	if size != 4 || off%4 != 0 {
		return false
	}
	v := val & 0xffffffff
	switch off {
	case rtcTimeLow:
		cur := r.Now()
		r.offset += cur&^0xffffffff | v - cur
	case rtcTimeHigh:
		cur := r.Now()
		r.offset += cur&0xffffffff | v<<32 - cur
	case rtcAlarmLow:
		r.alarmNext = r.alarmNext&^0xffffffff | v
		r.setAlarm()
	case rtcAlarmHigh:
		r.alarmNext = r.alarmNext&0xffffffff | v<<32
	case rtcIRQEnabled:
		r.irqEnabled = v&1 != 0
		r.drive()
	case rtcClearAlarm:
		r.alarmRunning = false
	case rtcClearInterrupt:
		r.irqPending = false
		r.drive()
	}
	return true
}

// setAlarm arms the alarm, or fires it at once if its time has passed, as
// QEMU's goldfish_rtc_set_alarm does.
func (r *GoldfishRTC) setAlarm() {
	if r.alarmNext <= r.Now() {
		r.alarmRunning = false
		r.irqPending = true
		r.drive()
		return
	}
	r.alarmRunning = true
}

// Update fires the alarm if its time has come; the board calls it whenever
// virtual time has moved.
func (r *GoldfishRTC) Update() {
	if r.alarmRunning && r.Now() >= r.alarmNext {
		r.alarmRunning = false
		r.irqPending = true
		r.drive()
	}
}

// TicksUntil returns the timebase ticks until the armed alarm fires, and
// false if none is armed.
func (r *GoldfishRTC) TicksUntil() (uint64, bool) {
	if !r.alarmRunning {
		return 0, false
	}
	now := r.Now()
	if now >= r.alarmNext {
		return 0, true
	}
	return (r.alarmNext - now + NsPerTick - 1) / NsPerTick, true
}

func (r *GoldfishRTC) drive() {
	level := r.irqPending && r.irqEnabled
	if level != r.irqLevel {
		r.irqLevel = level
		r.irq.SetIRQ(RTCIRQ, level)
	}
}

// Reset implements Device. The counter keeps running (the clock is not
// part of the reset), as on QEMU.
func (r *GoldfishRTC) Reset() {
	r.timeHigh, r.alarmNext = 0, 0
	r.alarmRunning, r.irqEnabled, r.irqPending = false, false, false
	r.drive()
}

// State implements Device.
func (r *GoldfishRTC) State() []Field {
	return []Field{
		{Name: "time_ns", Value: r.Now()},
		{Name: "alarm_ns", Value: r.alarmNext, Note: map[bool]string{true: "armed", false: "off"}[r.alarmRunning]},
		{Name: "irq_enabled", Value: uint64(boolVal(r.irqEnabled))},
		{Name: "irq_pending", Value: uint64(boolVal(r.irqPending))},
	}
}

// Save implements Stateful. The epoch is configuration, not state, but it
// is saved so that a restore onto a board with another epoch is refused.
func (r *GoldfishRTC) Save() []byte {
	w := NewStateWriter(stateVersion)
	w.U64(r.epoch)
	w.U64(r.offset)
	w.U32(r.timeHigh)
	w.U64(r.alarmNext)
	w.Bool(r.alarmRunning)
	w.Bool(r.irqEnabled)
	w.Bool(r.irqPending)
	w.Bool(r.irqLevel)
	return w.Data()
}

// Restore implements Stateful.
func (r *GoldfishRTC) Restore(b []byte) error {
	rd := NewStateReader(r.Name(), b, stateVersion, stateVersion)
	epoch, off, th, alarm := rd.U64(), rd.U64(), rd.U32(), rd.U64()
	running, en, pend, level := rd.Bool(), rd.Bool(), rd.Bool(), rd.Bool()
	if rd.Err() == nil && epoch != r.epoch {
		rd.Failf("state has epoch %d ns, this board %d ns", epoch, r.epoch)
	}
	if err := rd.Done(); err != nil {
		return err
	}
	r.offset, r.timeHigh, r.alarmNext = off, th, alarm
	r.alarmRunning, r.irqEnabled, r.irqPending, r.irqLevel = running, en, pend, level
	return nil
}
