package machine

import (
	"context"
	"math"

	"vmcore/isa/riscv"
	"vmcore/vm/device"
	"vmcore/vm/device/virtio"
)

// Run executes the guest until it exits, maxInsns instructions have been
// retired in total by all harts (0 means no limit), ctx is cancelled, every
// hart waits for an interrupt that cannot come, or a breakpoint is hit.
// Run may be called again after any result but an exit to go on.
//
// Scheduling is deterministic: harts take turns of Quantum instructions in
// id order on this goroutine. A turn ends early when its hart waits in
// wfi. Slices within a turn end early at device accesses and at the next
// timer deadline of any hart, so that interrupts arrive at exact
// instruction counts. Cancellation and console input are looked at between
// slices only.
func (m *Machine) Run(ctx context.Context, maxInsns uint64) Result {
	if m.exit != nil {
		return *m.exit
	}
	done := ctx.Done()
	idle := 0 // consecutive slices in which a waiting hart did nothing
	for {
		if m.input.has.Load() {
			m.takeInput()
			idle = 0
		}
		select {
		case <-done:
			return m.result(ReasonInterrupted)
		default:
		}
		total := m.Icount()
		if maxInsns != 0 && total >= maxInsns {
			return m.result(ReasonLimit)
		}
		m.updateTimers()
		n := m.turnLeft
		if maxInsns != 0 {
			n = min(n, maxInsns-total)
		}
		if d, ok := m.nextDeadline(); ok {
			n = min(n, d)
		}
		h := m.harts[m.cur]
		start := h.Icount()
		m.curStart, m.running = start, true
		stop := h.Run(start + n)
		m.running = false
		ran := h.Icount() - start
		m.cycles += ran
		m.turnLeft -= min(ran, m.turnLeft)
		if ran > 0 {
			idle = 0
		}
		if r, ok := m.checkExit(); ok {
			return r
		}
		switch stop {
		case riscv.StopBreakpoint:
			return m.result(ReasonBreakpoint)
		case riscv.StopWFI:
			if ran == 0 {
				idle++
			}
			m.nextHart()
		default:
			if m.turnLeft == 0 {
				m.nextHart()
			}
		}
		if idle < len(m.harts) {
			continue
		}
		// Every hart has been offered a turn since anything happened and
		// each is waiting: jump virtual time to the next timer deadline,
		// or wait for input, or report the hang.
		idle = 0
		m.updateTimers()
		if d, ok := m.nextDeadline(); ok {
			m.cycles += d
			continue
		}
		if !m.cfg.WaitForInput || m.inputClosed() {
			return m.result(ReasonIdle)
		}
		select {
		case <-m.input.ready:
		case <-done:
			return m.result(ReasonInterrupted)
		}
	}
}

// updateTimers drives the interrupt lines of everything that runs on
// virtual time: the CLINT's timers and the RTC's alarm.
func (m *Machine) updateTimers() {
	m.clint.UpdateTimers()
	m.rtc.Update()
}

func (m *Machine) nextHart() {
	if len(m.harts) > 1 {
		// A reservation must not survive another hart's turn: that hart
		// may store to the reserved address.
		m.harts[m.cur].ClearReservation()
		m.cur = (m.cur + 1) % len(m.harts)
	}
	m.turnLeft = m.cfg.Quantum
}

// nextDeadline returns the number of cycles until the earliest future
// timer event of any hart (mtimecmp, or stimecmp under Sstc), and false if
// none is armed.
func (m *Machine) nextDeadline() (uint64, bool) {
	best, found := uint64(math.MaxUint64), false
	now := m.now()
	ipt := m.cfg.InsnsPerTick
	mtime := m.clint.Mtime()
	consider := func(ticks uint64) {
		if ticks > (math.MaxUint64-ipt)/ipt {
			return // beyond the end of time
		}
		if c := ticks*ipt - now%ipt; c < best {
			best, found = c, true
		}
	}
	for i, h := range m.harts {
		if t, ok := m.clint.TicksUntil(i); ok {
			consider(t)
		}
		if cmp, on := h.TimerCompare(); on && cmp > mtime {
			consider(cmp - mtime)
		}
	}
	if t, ok := m.rtc.TicksUntil(); ok && t > 0 {
		consider(t)
	}
	return best, found
}

// checkExit acts on finisher and HTIF requests after a slice.
func (m *Machine) checkExit() (Result, bool) {
	switch kind, code := m.fin.Request(); kind {
	case device.FinishPass:
		return m.finish(ReasonPass, 0, "finisher"), true
	case device.FinishFail:
		return m.finish(ReasonFail, code, "finisher"), true
	case device.FinishReset:
		m.fin.Clear()
		m.reset()
	}
	if m.htif != nil {
		if ex, code := m.htif.Exit(); ex {
			r := ReasonPass
			if code != 0 {
				r = ReasonFail
			}
			return m.finish(r, int(min(code, math.MaxInt32)), "htif"), true
		}
	}
	return Result{}, false
}

func (m *Machine) finish(reason Reason, code int, source string) Result {
	r := m.result(reason)
	r.ExitCode, r.Source = code, source
	m.exit = &r
	return r
}

func (m *Machine) result(reason Reason) Result {
	h := m.harts[m.cur]
	return Result{Reason: reason, Hart: m.cur, PC: h.PC(), Icount: m.Icount()}
}

// SendInput queues console input for the UART. It may be called from any
// goroutine; the bytes enter the UART between run slices. Input sent after
// CloseInput is dropped.
func (m *Machine) SendInput(b []byte) {
	in := &m.input
	in.mu.Lock()
	if !in.closed {
		in.buf = append(in.buf, b...)
	}
	in.mu.Unlock()
	in.has.Store(true)
	select {
	case in.ready <- struct{}{}:
	default:
	}
}

// CloseInput says no more console input will come (stdin reached EOF), so
// an idle guest is reported as ReasonIdle rather than waited for. It may
// be called from any goroutine.
func (m *Machine) CloseInput() {
	in := &m.input
	in.mu.Lock()
	in.closed = true
	in.mu.Unlock()
	select {
	case in.ready <- struct{}{}:
	default:
	}
}

func (m *Machine) inputClosed() bool {
	m.input.mu.Lock()
	defer m.input.mu.Unlock()
	return m.input.closed && len(m.input.buf) == 0
}

// takeInput moves queued input into the UART, on the run goroutine.
func (m *Machine) takeInput() {
	in := &m.input
	in.mu.Lock()
	b := in.buf
	in.buf, in.taken = in.taken[:0], b
	in.has.Store(false)
	in.mu.Unlock()
	if len(b) == 0 {
		return
	}
	if m.cfg.OnInput != nil {
		m.cfg.OnInput(m.Icount(), b)
	}
	m.deliverInput(b)
}

// deliverInput puts console input into the guest's console device: the
// UART, or the first virtio console (Config.InputToVirtio).
func (m *Machine) deliverInput(b []byte) {
	if m.cfg.InputToVirtio {
		for _, t := range m.vio {
			if c, ok := t.Backend().(*virtio.Console); ok {
				c.Input(b)
				return
			}
		}
	}
	m.uart.Input(b)
}

// InjectInput puts bytes into the console device now, bypassing the
// queue; replays call it between Runs at the recorded instruction count.
func (m *Machine) InjectInput(b []byte) { m.deliverInput(b) }
