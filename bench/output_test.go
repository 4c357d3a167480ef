package bench

import (
	"strings"
	"testing"
)

func TestParseOutput(t *testing.T) {
	const parts = "crc=1 primes=2 mix=3 sort=4 copy=5"
	tests := []struct {
		name    string
		in      string
		want    Output
		wantErr string // substring of the error; "" means success
	}{
		{
			name: "guest",
			in:   "parts " + parts + "\nchecksum 0x00000000000000ff\nminstret 1234\n",
			want: Output{Parts: parts, Checksum: 0xff, Minstret: 1234, HasMinstret: true},
		},
		{
			name: "host build has no minstret",
			in:   "parts " + parts + "\nchecksum 0xdeadbeefcafef00d\n",
			want: Output{Parts: parts, Checksum: 0xdeadbeefcafef00d},
		},
		{
			name: "CRLF and chatter from the emulator are ignored",
			in:   "OpenSBI v1.2\r\nparts " + parts + "\r\nchecksum 0x10\r\nminstret 7\r\n",
			want: Output{Parts: parts, Checksum: 0x10, Minstret: 7, HasMinstret: true},
		},
		{name: "empty", in: "", wantErr: `no "parts" line`},
		{name: "no checksum", in: "parts " + parts + "\n", wantErr: `no "checksum" line`},
		{name: "checksum without 0x", in: "parts x\nchecksum ff\n", wantErr: "line 2: checksum \"ff\""},
		{name: "checksum not hex", in: "parts x\nchecksum 0xzz\n", wantErr: "line 2: checksum"},
		{name: "checksum too wide", in: "parts x\nchecksum 0x10000000000000000\n", wantErr: "line 2: checksum"},
		{name: "minstret not decimal", in: "parts x\nchecksum 0x1\nminstret 0x5\n", wantErr: "line 3: minstret"},
		{name: "repeated checksum", in: "parts x\nchecksum 0x1\nchecksum 0x1\n", wantErr: `line 3: second "checksum"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseOutput("test", []byte(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseOutput error = %v, want one containing %q", err, tc.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "test: ") {
					t.Errorf("error %q does not name the output it came from", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseOutput: %v", err)
			}
			if got != tc.want {
				t.Errorf("ParseOutput = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestResultRoundTrips(t *testing.T) {
	o := Output{Parts: "crc=1 primes=2", Checksum: 0xabc}
	back, err := ParseOutput("result", []byte(o.Result()))
	if err != nil {
		t.Fatalf("ParseOutput(Result()): %v", err)
	}
	if back != o {
		t.Errorf("round trip gave %+v, want %+v", back, o)
	}
}
