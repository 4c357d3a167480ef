package device

import "testing"

func TestFinisher(t *testing.T) {
	tests := []struct {
		name string
		off  uint64
		size int
		val  uint64
		kind FinishKind
		code int
	}{
		{"pass", 0, 4, 0x5555, FinishPass, 0},
		{"fail with code", 0, 4, 0x3333 | 7<<16, FinishFail, 7},
		{"fail code is 16 bits", 0, 4, 0x3333 | 0xffff<<16, FinishFail, 0xffff},
		{"reset", 0, 4, 0x7777, FinishReset, 0},
		{"unknown value ignored", 0, 4, 0x1234, FinishNone, 0},
		{"other offset ignored", 8, 4, 0x5555, FinishNone, 0},
		{"byte store ignored", 0, 1, 0x55, FinishNone, 0},
		{"8-byte store", 0, 8, 0x3333 | 2<<16, FinishFail, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFinisher()
			mustStore(t, f, tt.off, tt.size, tt.val)
			kind, code := f.Request()
			if kind != tt.kind || code != tt.code {
				t.Errorf("Request() = %v, %d; want %v, %d", kind, code, tt.kind, tt.code)
			}
			f.Clear()
			if k, _ := f.Request(); k != FinishNone {
				t.Errorf("after Clear: %v", k)
			}
		})
	}
}

func TestFinisherBadAccess(t *testing.T) {
	f := NewFinisher()
	if f.Store(1, 4, FinisherPass) {
		t.Error("misaligned store accepted")
	}
	if _, ok := f.Load(0, 3); ok {
		t.Error("3-byte load accepted")
	}
	if v := mustLoad(t, f, 0, 4); v != 0 {
		t.Errorf("register reads %#x, want 0", v)
	}
}
