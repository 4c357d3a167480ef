package device

import (
	"bytes"
	"errors"
	"testing"
)

func newTestUART() (*UART, *bytes.Buffer, *irqs) {
	var out bytes.Buffer
	q := &irqs{}
	return NewUART(&out, q, UARTIRQ), &out, q
}

func TestUARTTransmit(t *testing.T) {
	u, out, q := newTestUART()
	for _, c := range []byte("hi\n") {
		if lsr := mustLoad(t, u, uartLSR, 1); lsr&lsrTHRE == 0 {
			t.Fatalf("THRE clear before write: lsr=%#x", lsr)
		}
		mustStore(t, u, uartRBR, 1, uint64(c))
	}
	if out.String() != "hi\n" {
		t.Errorf("console got %q", out.String())
	}
	if q.level[UARTIRQ] {
		t.Error("interrupt without IER")
	}
	// Enabling THRI with THR empty raises the THR-empty interrupt; reading
	// IIR acknowledges it (16550 semantics, as QEMU).
	mustStore(t, u, uartIER, 1, ierTHRI)
	if !q.level[UARTIRQ] {
		t.Fatal("no interrupt after enabling THRI")
	}
	if iir, _ := u.Peek(uartIIR, 1); iir&0x0f != iirTHRI {
		t.Errorf("peek IIR = %#x", iir)
	}
	if !q.level[UARTIRQ] {
		t.Fatal("Peek acknowledged the interrupt")
	}
	if iir := mustLoad(t, u, uartIIR, 1); iir&0x0f != iirTHRI {
		t.Errorf("IIR = %#x, want THRI", iir)
	}
	if q.level[UARTIRQ] {
		t.Error("interrupt still high after reading IIR")
	}
	mustStore(t, u, uartRBR, 1, 'x')
	if !q.level[UARTIRQ] {
		t.Error("no THRE interrupt after transmitting")
	}
}

func TestUARTReceive(t *testing.T) {
	tests := []struct {
		name    string
		fcr     uint64
		input   string
		wantIIR byte
	}{
		{"no fifo", 0, "ab", iirRDI},
		{"fifo trigger 1", fcrFE, "ab", iirRDI},
		{"fifo below trigger 4 reports timeout", fcrFE | 0x40, "ab", iirCTI},
		{"fifo at trigger 4", fcrFE | 0x40, "abcd", iirRDI},
		{"more than fifo", fcrFE | 0xC0, "0123456789abcdefghij", iirRDI},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _, q := newTestUART()
			mustStore(t, u, uartIIR, 1, tt.fcr)
			mustStore(t, u, uartIER, 1, ierRDI)
			if q.level[UARTIRQ] {
				t.Fatal("interrupt before input")
			}
			u.Input([]byte(tt.input))
			if !q.level[UARTIRQ] {
				t.Fatal("no interrupt after input")
			}
			if iir := mustLoad(t, u, uartIIR, 1); byte(iir)&0x0f != tt.wantIIR {
				t.Errorf("IIR = %#x, want id %#x", iir, tt.wantIIR)
			}
			if tt.fcr&fcrFE != 0 {
				if iir, _ := u.Peek(uartIIR, 1); iir&iirFIFO != iirFIFO {
					t.Errorf("IIR FIFO bits missing: %#x", iir)
				}
			}
			var got []byte
			for mustLoad(t, u, uartLSR, 1)&lsrDR != 0 {
				peek, _ := u.Peek(uartRBR, 1)
				b := mustLoad(t, u, uartRBR, 1)
				if peek != b {
					t.Fatalf("peek %#x, load %#x", peek, b)
				}
				got = append(got, byte(b))
				if len(got) > len(tt.input) {
					t.Fatal("more bytes than sent")
				}
			}
			if string(got) != tt.input {
				t.Errorf("received %q, want %q", got, tt.input)
			}
			if q.level[UARTIRQ] || u.Buffered() != 0 {
				t.Errorf("after draining: irq %v buffered %d", q.level[UARTIRQ], u.Buffered())
			}
		})
	}
}

func TestUARTDivisorAndScratch(t *testing.T) {
	u, out, _ := newTestUART()
	mustStore(t, u, uartLCR, 1, lcrDLAB|3)
	mustStore(t, u, uartRBR, 1, 0x01)
	mustStore(t, u, uartIER, 1, 0x02)
	mustStore(t, u, uartLCR, 1, 3)
	if out.Len() != 0 {
		t.Errorf("DLL write transmitted %q", out.String())
	}
	if ier := mustLoad(t, u, uartIER, 1); ier != 0 {
		t.Errorf("DLM write reached IER: %#x", ier)
	}
	mustStore(t, u, uartLCR, 1, lcrDLAB)
	if dl, dm := mustLoad(t, u, uartRBR, 1), mustLoad(t, u, uartIER, 1); dl != 1 || dm != 2 {
		t.Errorf("divisor = %#x %#x", dl, dm)
	}
	mustStore(t, u, uartSCR, 1, 0x5a)
	if v := mustLoad(t, u, uartSCR, 1); v != 0x5a {
		t.Errorf("SCR = %#x", v)
	}
}

func TestUARTLoopback(t *testing.T) {
	u, out, _ := newTestUART()
	mustStore(t, u, uartMCR, 1, mcrLOOP|0x0A)
	if msr := mustLoad(t, u, uartMSR, 1); msr&0xF0 != 0x90 {
		t.Errorf("loopback MSR = %#x, want 0x9x (Linux's probe value)", msr)
	}
	mustStore(t, u, uartRBR, 1, 'L')
	if out.Len() != 0 {
		t.Errorf("loopback byte reached the console: %q", out.String())
	}
	if v := mustLoad(t, u, uartRBR, 1); v != 'L' {
		t.Errorf("looped back %#x", v)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestUARTWriteError(t *testing.T) {
	u := NewUART(failWriter{}, nil, UARTIRQ)
	mustStore(t, u, uartRBR, 1, 'x')
	if u.TxErr() == nil {
		t.Error("write error not kept")
	}
	if lsr := mustLoad(t, u, uartLSR, 1); lsr&lsrTHRE == 0 {
		t.Error("THRE stuck after failed write")
	}
}

func TestUARTReset(t *testing.T) {
	u, _, q := newTestUART()
	mustStore(t, u, uartIER, 1, ierRDI)
	u.Input([]byte("zz"))
	u.Reset()
	if q.level[UARTIRQ] || u.Buffered() != 0 {
		t.Errorf("after reset: irq %v buffered %d", q.level[UARTIRQ], u.Buffered())
	}
	if lsr := mustLoad(t, u, uartLSR, 1); lsr != lsrTHRE|lsrTEMT {
		t.Errorf("LSR after reset = %#x", lsr)
	}
	if _, ok := u.Load(1, 2); ok {
		t.Error("misaligned load accepted")
	}
}
