package gdb

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"testing"
)

// FuzzPacket feeds arbitrary bytes to the frame reader and every packet it
// yields to a session's handler. Packets that resume the VM are left out:
// with a fuzzed pc the guest may run forever, which is not a parser bug.
// The property is that nothing panics and every packet gets a reply.
func FuzzPacket(f *testing.F) {
	for _, s := range []string{
		"$qSupported:multiprocess+;swbreak+#00", "+$?#3f", "$g#67", "\x03",
		"$m80001000,10#00", "$X80001000,2:}\x03a#00", "$Z0,80000040,2#00",
		"$qXfer:features:read:target.xml:0,ffb#00", "$Pa=0102#00", "$Hg2#00",
		"$qRcmd,69636f756e74#00", "$" + string(bytes.Repeat([]byte("a"), PacketSize+10)) + "#00",
		"$$$##", "$m#", "-", "$p10000000000000000#00", "$vCont;s:zz#00", "$D#44",
	} {
		f.Add([]byte(s))
	}
	fuzzDbg, _ := newVM(f, 2)
	f.Fuzz(func(t *testing.T, data []byte) {
		fr := newFrameReader(bytes.NewReader(fixChecksums(data)))
		var out bytes.Buffer
		ss := &session{srv: &Server{Debugger: fuzzDbg}, d: fuzzDbg, arch: fuzzDbg.Arch(),
			w: bufio.NewWriter(&out), bps: map[bpKey]int{}, wps: map[bpKey]int{}}
		defer ss.cleanup()
		for {
			fr, err := fr.next()
			if err != nil {
				if err != io.EOF && err != io.ErrUnexpectedEOF {
					t.Fatalf("reader error %v", err)
				}
				return
			}
			if fr.kind != framePacket {
				continue
			}
			p := string(fr.data)
			if p != "" && (p[0] == 'c' || p[0] == 's' || p[0] == 'C' || p[0] == 'S' || p[0] == 'v' || p[0] == 'b') {
				continue
			}
			before := out.Len()
			if err := ss.handle(context.Background(), p); err != nil && err != errSessionEnd {
				t.Fatalf("%q: %v", p, err)
			}
			if p[0:min(1, len(p))] != "k" && out.Len() == before {
				t.Fatalf("%q got no reply", p)
			}
		}
	})
}

// fixChecksums rewrites the two bytes after each '#' to the right checksum
// of the preceding packet, so that the fuzzer reaches the handlers instead
// of only exercising the checksum check (inputs with no '#' are unchanged).
func fixChecksums(b []byte) []byte {
	out := append([]byte(nil), b...)
	start := -1
	for i := 0; i < len(out); i++ {
		switch out[i] {
		case '$':
			start = i
		case '#':
			if start >= 0 && i+2 < len(out) && out[i+1] != 'x' {
				var sum byte
				for _, c := range out[start+1 : i] {
					sum += c
				}
				out[i+1], out[i+2] = hexDigits[sum>>4], hexDigits[sum&15]
			}
			start = -1
		}
	}
	return out
}
