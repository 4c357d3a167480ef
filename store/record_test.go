package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func sampleRecord() Record {
	return Record{
		EventID: uuid.MustParse("0f0e0d0c-0b0a-0908-0706-050403020100"), Stream: uuid.MustParse("11111111-2222-3333-4444-555555555555"),
		Version: 7, GlobalPosition: 42, Type: "Paused", Schema: 2, Time: time.Unix(0, 1700000000123456789),
		Icount: 1 << 40, Payload: []byte(`{"reason":"breakpoint"}`),
	}
}

func TestRecordRoundTrip(t *testing.T) {
	empty := sampleRecord()
	empty.Payload = []byte{}
	for _, r := range []Record{sampleRecord(), empty} {
		b, err := EncodeRecord(nil, &r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeRecord(b)
		if err != nil {
			t.Fatal(err)
		}
		if got.EventID != r.EventID || got.Stream != r.Stream || got.Version != r.Version || got.GlobalPosition != r.GlobalPosition ||
			got.Type != r.Type || got.Schema != r.Schema || !got.Time.Equal(r.Time) || got.Icount != r.Icount || !bytes.Equal(got.Payload, r.Payload) {
			t.Errorf("round trip: got %+v, want %+v", got, r)
		}
		// The result must not alias the input.
		b[len(b)-5] ^= 0xff
		if len(r.Payload) > 0 && !bytes.Equal(got.Payload, r.Payload) {
			t.Error("decoded payload aliases the encoded bytes")
		}
	}
}

func TestDecodeRecordDamage(t *testing.T) {
	r := sampleRecord()
	good, err := EncodeRecord(nil, &r)
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func([]byte) []byte) []byte { return f(bytes.Clone(good)) }
	reseal := func(b []byte) []byte {
		binary.BigEndian.PutUint32(b[len(b)-4:], Checksum(b[:len(b)-4]))
		return b
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"truncated", good[:len(good)-1], "checksum"},
		{"flipped payload bit", mutate(func(b []byte) []byte { b[len(b)-6] ^= 1; return b }), "checksum"},
		{"flipped crc", mutate(func(b []byte) []byte { b[len(b)-1] ^= 1; return b }), "checksum"},
		{"unknown format", mutate(func(b []byte) []byte { b[0] = 9; return reseal(b) }), "unknown record format"},
		{"zero type length", mutate(func(b []byte) []byte { b[67] = 0; return reseal(b) }), "type length"},
		{"type length too long", mutate(func(b []byte) []byte { b[67] = 255; return reseal(b) }), "type length"},
		{"payload length too long", mutate(func(b []byte) []byte { b[68+len(r.Type)] = 0x7f; return reseal(b) }), "payload length"},
		{"trailing byte", mutate(func(b []byte) []byte { return reseal(append(b, 0, 0, 0, 0, 0)) }), "payload length"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeRecord(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("DecodeRecord = %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}

func TestEncodeRecordLimits(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Record)
	}{
		{"empty type", func(r *Record) { r.Type = "" }},
		{"long type", func(r *Record) { r.Type = strings.Repeat("t", MaxTypeLen+1) }},
		{"big payload", func(r *Record) { r.Payload = make([]byte, MaxPayloadLen+1) }},
	}
	for _, tc := range tests {
		r := sampleRecord()
		tc.edit(&r)
		if _, err := EncodeRecord(nil, &r); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: EncodeRecord = %v, want ErrInvalid", tc.name, err)
		}
	}
}

func FuzzDecodeRecord(f *testing.F) {
	r := sampleRecord()
	good, err := EncodeRecord(nil, &r)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:20])
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := DecodeRecord(b)
		if err != nil {
			return
		}
		// Whatever decodes must encode back to the same bytes: the format
		// has one spelling per record.
		again, err := EncodeRecord(nil, &rec)
		if err != nil {
			t.Fatalf("decoded record does not re-encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("re-encoding differs:\n in %x\nout %x", b, again)
		}
	})
}

func TestErrorsMatch(t *testing.T) {
	id := uuid.New()
	tests := []struct {
		err    error
		target error
		text   string
	}{
		{&ConflictError{Stream: id, Expected: Exact(3), Actual: 5}, ErrConflict, "expected version 3, stream is at version 5"},
		{&ConflictError{Stream: id, Expected: NoStream, Actual: 1}, ErrConflict, "expected no stream"},
		{&CorruptError{Stream: id, Version: 9, Position: 12, Reason: "checksum mismatch"}, ErrCorrupt, "version 9 (global position 12)"},
		{&LockedError{Path: "/data", Err: errors.New("held")}, ErrLocked, "/data"},
		{&DuplicateEventError{EventID: id, Stream: id, Version: 2, Reason: "stored in another stream"}, ErrDuplicateEvent, "version 2"},
		{NotFound("stream %s", id), ErrNotFound, id.String()},
	}
	for _, tc := range tests {
		wrapped := errors.Join(errors.New("context"), tc.err)
		if !errors.Is(wrapped, tc.target) {
			t.Errorf("%v does not match %v", tc.err, tc.target)
		}
		if !strings.Contains(tc.err.Error(), tc.text) || !strings.Contains(tc.err.Error(), id.String()[:8]) && tc.target != ErrLocked {
			t.Errorf("%q does not say %q and name the stream", tc.err, tc.text)
		}
	}
}
