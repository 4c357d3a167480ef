package device

import (
	"bytes"
	"testing"
)

// The counter is virtual time in ns plus the epoch; reading TIME_LOW
// latches TIME_HIGH; guest writes move the counter, not virtual time.
func TestRTCTime(t *testing.T) {
	tests := []struct {
		name  string
		epoch uint64
		ticks uint64
		write [][2]uint64 // (offset, value) stores before reading
		want  uint64
	}{
		{"zero", 0, 0, nil, 0},
		{"ticks are 100 ns", 0, 7, nil, 700},
		{"epoch", 1_700_000_000e9, 10, nil, 1_700_000_000e9 + 1000},
		{"set low", 0, 10, [][2]uint64{{rtcTimeLow, 5}}, 5},
		{"set high then low", 0, 10, [][2]uint64{{rtcTimeHigh, 2}, {rtcTimeLow, 9}}, 2<<32 | 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{t: tc.ticks}
			r := NewGoldfishRTC(c, &irqs{}, tc.epoch)
			for _, w := range tc.write {
				mustStore(t, r, w[0], 4, w[1])
			}
			lo := mustLoad(t, r, rtcTimeLow, 4)
			hi := mustLoad(t, r, rtcTimeHigh, 4)
			if got := hi<<32 | lo; got != tc.want {
				t.Errorf("time = %d, want %d", got, tc.want)
			}
			c.t += 3 // time goes on from what was written
			lo = mustLoad(t, r, rtcTimeLow, 4)
			if got := mustLoad(t, r, rtcTimeHigh, 4)<<32 | lo; got != tc.want+300 {
				t.Errorf("300 ns later: %d, want %d", got, tc.want+300)
			}
		})
	}
}

// The alarm fires when virtual time reaches it, raises IRQ 11 while
// enabled, and clears on CLEAR_INTERRUPT; an alarm in the past fires at
// once. TicksUntil tells the board when to look.
func TestRTCAlarm(t *testing.T) {
	c := &clock{}
	q := &irqs{}
	r := NewGoldfishRTC(c, q, 0)
	mustStore(t, r, rtcIRQEnabled, 4, 1)
	mustStore(t, r, rtcAlarmHigh, 4, 0)
	mustStore(t, r, rtcAlarmLow, 4, 1050) // 10.5 ticks
	if got := mustLoad(t, r, rtcAlarmStatus, 4); got != 1 {
		t.Fatalf("alarm status %d, want running", got)
	}
	if n, ok := r.TicksUntil(); !ok || n != 11 {
		t.Errorf("TicksUntil = %d, %v; want 11", n, ok)
	}
	c.t = 10
	r.Update()
	if q.level[RTCIRQ] {
		t.Fatal("alarm fired early")
	}
	c.t = 11
	r.Update()
	if !q.level[RTCIRQ] || mustLoad(t, r, rtcAlarmStatus, 4) != 0 {
		t.Fatal("alarm did not fire at its time")
	}
	if _, ok := r.TicksUntil(); ok {
		t.Error("a fired alarm still counts down")
	}
	mustStore(t, r, rtcClearInterrupt, 4, 1)
	if q.level[RTCIRQ] {
		t.Error("CLEAR_INTERRUPT did not lower the line")
	}
	mustStore(t, r, rtcAlarmLow, 4, 5) // in the past
	if !q.level[RTCIRQ] {
		t.Error("an alarm in the past did not fire at once")
	}
	mustStore(t, r, rtcIRQEnabled, 4, 0)
	if q.level[RTCIRQ] {
		t.Error("disabling the interrupt did not lower the line")
	}
	mustStore(t, r, rtcAlarmLow, 4, 1e6)
	mustStore(t, r, rtcClearAlarm, 4, 1)
	if _, ok := r.TicksUntil(); ok {
		t.Error("CLEAR_ALARM left the alarm armed")
	}
	if _, ok := r.Load(rtcTimeLow, 8); ok {
		t.Error("64-bit access accepted")
	}
}

// Save and Restore round-trip, and refuse another epoch or damage.
func TestRTCSaveRestore(t *testing.T) {
	c := &clock{t: 5}
	r := NewGoldfishRTC(c, &irqs{}, 77)
	mustStore(t, r, rtcIRQEnabled, 4, 1)
	mustStore(t, r, rtcAlarmLow, 4, 1e9)
	mustStore(t, r, rtcTimeLow, 4, 12345)
	saved := r.Save()
	r2 := NewGoldfishRTC(c, &irqs{}, 77)
	if err := r2.Restore(saved); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r2.Save(), saved) || r2.Now() != r.Now() {
		t.Error("restored RTC differs")
	}
	other := NewGoldfishRTC(c, &irqs{}, 78)
	if err := other.Restore(saved); err == nil {
		t.Error("restored across epochs")
	}
	if err := r2.Restore(saved[:len(saved)-1]); err == nil {
		t.Error("restored a truncated state")
	}
}
