package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/google/uuid"
)

// RecordFormat is the version byte that starts every encoded record. A new
// layout gets a new number; the decoder refuses numbers it does not know.
const RecordFormat byte = 1

// Layout of format 1, all integers big-endian:
//
//	format u8 | event id [16] | stream [16] | version u64 | position u64 |
//	schema u16 | time (unix nanos) i64 | icount u64 | type length u8 | type |
//	payload length u32 | payload | CRC-32C of everything before it, u32
const (
	recFixed   = 1 + 16 + 16 + 8 + 8 + 2 + 8 + 8 + 1
	recMinimum = recFixed + 4 + 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Checksum is the CRC-32C the store uses for records and snapshots.
func Checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// EncodeRecord appends the binary envelope of r to dst. It fails only for a
// record that breaks the limits (type length, payload length).
func EncodeRecord(dst []byte, r *Record) ([]byte, error) {
	if len(r.Type) == 0 || len(r.Type) > MaxTypeLen {
		return dst, Invalid("event type %q: length must be 1..%d", r.Type, MaxTypeLen)
	}
	if len(r.Payload) > MaxPayloadLen {
		return dst, Invalid("event type %q: payload of %d bytes exceeds %d", r.Type, len(r.Payload), MaxPayloadLen)
	}
	start := len(dst)
	dst = append(dst, RecordFormat)
	dst = append(dst, r.EventID[:]...)
	dst = append(dst, r.Stream[:]...)
	dst = binary.BigEndian.AppendUint64(dst, r.Version)
	dst = binary.BigEndian.AppendUint64(dst, r.GlobalPosition)
	dst = binary.BigEndian.AppendUint16(dst, r.Schema)
	dst = binary.BigEndian.AppendUint64(dst, uint64(r.Time.UnixNano()))
	dst = binary.BigEndian.AppendUint64(dst, r.Icount)
	dst = append(dst, byte(len(r.Type)))
	dst = append(dst, r.Type...)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(r.Payload)))
	dst = append(dst, r.Payload...)
	dst = binary.BigEndian.AppendUint32(dst, Checksum(dst[start:]))
	return dst, nil
}

// errShort and friends describe why a record failed to decode; the store
// wraps them in a *CorruptError that names the stream and version.
var (
	errShort    = errors.New("record truncated")
	errChecksum = errors.New("checksum mismatch")
)

// DecodeRecord parses one encoded record. The result does not alias b. Any
// damage is reported as an error saying what is wrong (never a panic); the
// caller knows which stream and version it asked for and names them.
func DecodeRecord(b []byte) (Record, error) {
	var r Record
	if len(b) < recMinimum {
		return r, fmt.Errorf("%w: %d bytes, at least %d needed", errShort, len(b), recMinimum)
	}
	if b[0] != RecordFormat {
		return r, fmt.Errorf("unknown record format %d (this build reads %d)", b[0], RecordFormat)
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if got := Checksum(body); got != sum {
		return r, fmt.Errorf("%w: stored %08x, computed %08x", errChecksum, sum, got)
	}
	copy(r.EventID[:], b[1:17])
	copy(r.Stream[:], b[17:33])
	r.Version = binary.BigEndian.Uint64(b[33:])
	r.GlobalPosition = binary.BigEndian.Uint64(b[41:])
	r.Schema = binary.BigEndian.Uint16(b[49:])
	r.Time = time.Unix(0, int64(binary.BigEndian.Uint64(b[51:])))
	r.Icount = binary.BigEndian.Uint64(b[59:])
	tl := int(b[67])
	rest := body[recFixed:]
	if tl == 0 || len(rest) < tl+4 {
		return Record{}, fmt.Errorf("%w: type length %d with %d bytes left", errShort, tl, len(rest))
	}
	r.Type = string(rest[:tl])
	rest = rest[tl:]
	pl := binary.BigEndian.Uint32(rest)
	rest = rest[4:]
	if pl > MaxPayloadLen || uint64(len(rest)) != uint64(pl) {
		return Record{}, fmt.Errorf("payload length %d does not match the %d bytes present", pl, len(rest))
	}
	r.Payload = bytes.Clone(rest)
	if r.Payload == nil {
		r.Payload = []byte{}
	}
	return r, nil
}

// PrepareEvents validates an append request and returns a copy of events
// with zero ids replaced by random ones and zero times by now (truncated to
// what the store keeps). Both implementations use it so that they refuse
// exactly the same requests.
func PrepareEvents(stream StreamID, events []EventData, now time.Time) ([]EventData, error) {
	if stream == uuid.Nil {
		return nil, Invalid("append: the nil uuid is not a stream id")
	}
	if len(events) == 0 {
		return nil, Invalid("append to stream %s: no events", stream)
	}
	out := make([]EventData, len(events))
	seen := make(map[uuid.UUID]bool, len(events))
	now = time.Unix(0, now.UnixNano())
	for i, e := range events {
		if len(e.Type) == 0 || len(e.Type) > MaxTypeLen {
			return nil, Invalid("append to stream %s: event %d: type %q must be 1..%d bytes", stream, i, e.Type, MaxTypeLen)
		}
		if len(e.Payload) > MaxPayloadLen {
			return nil, Invalid("append to stream %s: event %d (%s): payload of %d bytes exceeds %d", stream, i, e.Type, len(e.Payload), MaxPayloadLen)
		}
		if e.ID == uuid.Nil {
			e.ID = uuid.New()
		}
		if seen[e.ID] {
			return nil, Invalid("append to stream %s: event id %s appears twice in one batch", stream, e.ID)
		}
		seen[e.ID] = true
		if e.Time.IsZero() {
			e.Time = now
		} else {
			e.Time = time.Unix(0, e.Time.UnixNano())
		}
		e.Payload = bytes.Clone(e.Payload)
		if e.Payload == nil {
			e.Payload = []byte{}
		}
		out[i] = e
	}
	return out, nil
}

// Lookup finds the stored record holding an event id; ok is false when the
// id is not stored.
type Lookup func(id uuid.UUID) (rec Record, ok bool, err error)

// CheckRepeat decides whether an append is a repeat of one already stored.
// It returns repeat=false with no error when none of the ids is stored, the
// original result when every id is stored as this exact batch (same stream,
// consecutive versions, same content), and a *DuplicateEventError otherwise.
func CheckRepeat(stream StreamID, events []EventData, lookup Lookup) (res AppendResult, repeat bool, err error) {
	found := 0
	var first Record
	for i, e := range events {
		rec, ok, err := lookup(e.ID)
		if err != nil {
			return res, false, err
		}
		if !ok {
			if found > 0 {
				return res, false, &DuplicateEventError{EventID: events[0].ID, Stream: first.Stream, Version: first.Version, Reason: "only part of the batch is stored"}
			}
			continue
		}
		if found == 0 && i > 0 {
			return res, false, &DuplicateEventError{EventID: e.ID, Stream: rec.Stream, Version: rec.Version, Reason: "only part of the batch is stored"}
		}
		if found == 0 {
			first = rec
			res.FirstVersion, res.FirstPosition = rec.Version, rec.GlobalPosition
		}
		found++
		switch {
		case rec.Stream != stream:
			return res, false, &DuplicateEventError{EventID: e.ID, Stream: rec.Stream, Version: rec.Version, Reason: "stored in another stream"}
		case rec.Version != first.Version+uint64(i):
			return res, false, &DuplicateEventError{EventID: e.ID, Stream: rec.Stream, Version: rec.Version, Reason: "stored in another batch"}
		case !SameContent(rec, e):
			return res, false, &DuplicateEventError{EventID: e.ID, Stream: rec.Stream, Version: rec.Version, Reason: "stored with different content"}
		}
		res.LastVersion, res.LastPosition = rec.Version, rec.GlobalPosition
	}
	return res, found > 0, nil
}

// SameContent reports whether a stored record carries the event e. Time is
// not compared: a retry that leaves Time zero is stamped anew and is still
// the same event.
func SameContent(r Record, e EventData) bool {
	return r.EventID == e.ID && r.Type == e.Type && r.Schema == e.Schema && r.Icount == e.Icount &&
		bytes.Equal(r.Payload, e.Payload)
}
