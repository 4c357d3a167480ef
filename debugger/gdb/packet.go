package gdb

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PacketSize is the largest packet payload the server accepts and the
// PacketSize it advertises. Longer packets are consumed and refused with
// a '-', never buffered.
const PacketSize = 0x4000

// frameKind says what the client sent.
type frameKind uint8

const (
	framePacket    frameKind = iota // a packet with a good checksum
	frameBad                        // a packet with a bad checksum, or too long
	frameInterrupt                  // Ctrl-C (0x03) outside a packet
	frameNack                       // '-': resend the last reply
)

type frame struct {
	kind frameKind
	data []byte
	why  string // for frameBad
}

// frameReader splits the client's byte stream into frames. It never
// allocates more than PacketSize for one packet, whatever the client
// sends.
type frameReader struct {
	r *bufio.Reader
}

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: bufio.NewReaderSize(r, 4096)}
}

// next returns the next frame; an error means the stream ended (possibly
// in the middle of a packet).
func (fr *frameReader) next() (frame, error) {
	for {
		c, err := fr.r.ReadByte()
		if err != nil {
			return frame{}, err
		}
		switch c {
		case '$':
			return fr.packet()
		case 0x03:
			return frame{kind: frameInterrupt}, nil
		case '-':
			return frame{kind: frameNack}, nil
		}
		// '+' acknowledgements and line noise between packets are ignored.
	}
}

func (fr *frameReader) packet() (frame, error) {
	var data []byte
	var sum byte
	tooLong := false
	for {
		c, err := fr.r.ReadByte()
		if err != nil {
			return frame{}, err
		}
		if c == '#' {
			break
		}
		if c == '$' {
			// A new packet starts inside this one: the client gave up on
			// the first (gdb does this after a timeout). Drop it.
			data, sum, tooLong = data[:0], 0, false
			continue
		}
		sum += c
		if len(data) >= PacketSize {
			tooLong = true
			continue
		}
		data = append(data, c)
	}
	var cs [2]byte
	if _, err := io.ReadFull(fr.r, cs[:]); err != nil {
		return frame{}, err
	}
	want, err := strconv.ParseUint(string(cs[:]), 16, 8)
	switch {
	case err != nil:
		return frame{kind: frameBad, why: fmt.Sprintf("checksum %q is not hex", cs[:])}, nil
	case byte(want) != sum:
		return frame{kind: frameBad, why: fmt.Sprintf("checksum %02x, computed %02x", want, sum)}, nil
	case tooLong:
		return frame{kind: frameBad, why: fmt.Sprintf("packet longer than %d bytes", PacketSize)}, nil
	}
	return frame{kind: framePacket, data: data}, nil
}

// encodePacket frames payload. Text replies never contain the reserved
// bytes; binary replies (qXfer data) have $ # } * escaped, which GDB undoes
// only for binary replies.
func encodePacket(payload []byte, binary bool) []byte {
	out := make([]byte, 0, len(payload)+4)
	out = append(out, '$')
	var sum byte
	for _, c := range payload {
		if binary && (c == '$' || c == '#' || c == '}' || c == '*') {
			out = append(out, '}')
			sum += '}'
			c ^= 0x20
		}
		out = append(out, c)
		sum += c
	}
	return append(out, '#', hexDigits[sum>>4], hexDigits[sum&15])
}

const hexDigits = "0123456789abcdef"

// unescape decodes binary data of an X packet.
func unescape(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '}' {
			i++
			if i == len(b) {
				return nil, fmt.Errorf("escape at the end of the data")
			}
			out = append(out, b[i]^0x20)
			continue
		}
		out = append(out, b[i])
	}
	return out, nil
}

// parseHex parses a hexadecimal number of at most 64 bits.
func parseHex(s string) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("missing number")
	}
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("bad hex number %q", s)
	}
	return v, nil
}

// parseAddrLen parses "ADDR,LEN" (as in m, M, X, and Z after the type).
func parseAddrLen(s string) (addr, n uint64, err error) {
	a, l, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, fmt.Errorf("want ADDR,LEN, got %q", s)
	}
	if addr, err = parseHex(a); err != nil {
		return 0, 0, err
	}
	if n, err = parseHex(l); err != nil {
		return 0, 0, err
	}
	return addr, n, nil
}

// leHex encodes the low bits/8 bytes of v little-endian in hex, GDB's
// register format.
func leHex(v uint64, bits int) string {
	b := make([]byte, bits/8)
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
	return hex.EncodeToString(b)
}

// parseLEHex decodes a little-endian hex register value.
func parseLEHex(s string) (uint64, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) == 0 || len(b) > 8 {
		return 0, fmt.Errorf("bad register value %q", s)
	}
	var v uint64
	for i, c := range b {
		v |= uint64(c) << (8 * i)
	}
	return v, nil
}

// threadID parses a thread id: hex number, 0 (any) or -1 (all). GDB uses
// "pP.T" only with multiprocess, which the server does not offer, but a
// client that sends it anyway is understood.
func threadID(s string) (int, error) {
	if _, t, ok := strings.Cut(s, "."); ok && strings.HasPrefix(s, "p") {
		s = t
	}
	if s == "-1" {
		return -1, nil
	}
	v, err := strconv.ParseUint(s, 16, 31)
	if err != nil {
		return 0, fmt.Errorf("bad thread id %q", s)
	}
	return int(v), nil
}
