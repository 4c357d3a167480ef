package vm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"vmcore/store"
	"vmcore/vm/machine"
)

// Session files: one portable file holding a whole session, for
// `vmcore export` and `vmcore import`.
//
// Layout, format 1 (integers big-endian):
//
//	magic "VMCORE-SESSION\x00\x01" (16 bytes) | format u16 | session id [16] |
//	events u32 | per event: event id [16], type (u8 length + bytes),
//	  schema u16, time (unix nanos) i64, icount u64, payload (u32 length + bytes) |
//	snapshots u32 | per snapshot: icount u64, data (u32 length + bytes) |
//	SHA-256 of everything before it [32]
//
// The program image travels inside the VMCreated event. A reader checks
// the digest before it looks at anything else, then decodes every event and
// snapshot, so a damaged or truncated file is refused before anything is
// written.

const (
	sessionMagic      = "VMCORE-SESSION\x00\x01"
	sessionFileFormat = 1
	// MaxSessionFile bounds what ReadSessionFile accepts.
	MaxSessionFile = 4 << 30
)

// ErrBadSessionFile is wrapped by every error about a session file's content.
var ErrBadSessionFile = errors.New("bad session file")

// SessionFile is a session as exported.
type SessionFile struct {
	ID        uuid.UUID
	Records   []store.Record // Stream, Version and GlobalPosition are not kept
	Snapshots []store.Snapshot
}

// ExportSession reads a session and its snapshots from st.
func ExportSession(ctx context.Context, st SessionStore, id uuid.UUID) (*SessionFile, error) {
	s, err := OpenSession(ctx, st, id)
	if err != nil {
		return nil, err
	}
	f := &SessionFile{ID: id, Records: s.Records}
	infos, err := st.ListSnapshots(ctx, id)
	if err != nil {
		return nil, Wrap(KindStorage, "list snapshots of", "session "+id.String(), err)
	}
	for _, in := range infos {
		snap, err := st.LoadSnapshot(ctx, id, in.Icount)
		if err != nil {
			return nil, Wrap(KindStorage, "load snapshot of", "session "+id.String(), err)
		}
		f.Snapshots = append(f.Snapshots, snap)
	}
	return f, nil
}

// WriteTo writes the file's encoding to w.
func (f *SessionFile) WriteTo(w io.Writer) (int64, error) {
	b := []byte(sessionMagic)
	b = binary.BigEndian.AppendUint16(b, sessionFileFormat)
	b = append(b, f.ID[:]...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(f.Records)))
	for _, r := range f.Records {
		b = append(b, r.EventID[:]...)
		b = append(b, byte(len(r.Type)))
		b = append(b, r.Type...)
		b = binary.BigEndian.AppendUint16(b, r.Schema)
		b = binary.BigEndian.AppendUint64(b, uint64(r.Time.UnixNano()))
		b = binary.BigEndian.AppendUint64(b, r.Icount)
		b = binary.BigEndian.AppendUint32(b, uint32(len(r.Payload)))
		b = append(b, r.Payload...)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(f.Snapshots)))
	for _, s := range f.Snapshots {
		b = binary.BigEndian.AppendUint64(b, s.Icount)
		b = binary.BigEndian.AppendUint32(b, uint32(len(s.Data)))
		b = append(b, s.Data...)
	}
	sum := sha256.Sum256(b)
	b = append(b, sum[:]...)
	n, err := w.Write(b)
	return int64(n), err
}

type fileReader struct {
	b   []byte
	off int
	err error
}

func (r *fileReader) take(n uint64, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.off) {
		r.err = fmt.Errorf("%w: truncated in %s at byte %d", ErrBadSessionFile, what, r.off)
		return nil
	}
	v := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return v
}

func (r *fileReader) u16(what string) uint16 {
	if v := r.take(2, what); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

func (r *fileReader) u32(what string) uint32 {
	if v := r.take(4, what); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (r *fileReader) u64(what string) uint64 {
	if v := r.take(8, what); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// ReadSessionFile reads and checks a session file: its digest, every
// event (decoded, upcast) and every snapshot. Any problem is an error
// wrapping ErrBadSessionFile that says what and where.
func ReadSessionFile(rd io.Reader) (*SessionFile, error) {
	b, err := io.ReadAll(io.LimitReader(rd, MaxSessionFile+1))
	if err != nil {
		return nil, Wrap(KindStorage, "read", "session file", err)
	}
	if len(b) > MaxSessionFile {
		return nil, Errorf(KindConfig, "read", "session file", "%w: larger than %d bytes", ErrBadSessionFile, MaxSessionFile)
	}
	bad := func(err error) (*SessionFile, error) { return nil, Wrap(KindConfig, "read", "session file", err) }
	if len(b) < len(sessionMagic)+2+16+sha256.Size || !bytes.Equal(b[:len(sessionMagic)], []byte(sessionMagic)) {
		return bad(fmt.Errorf("%w: not a vmcore session file (no header)", ErrBadSessionFile))
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return bad(fmt.Errorf("%w: SHA-256 mismatch: the file is damaged or truncated", ErrBadSessionFile))
	}
	r := &fileReader{b: body, off: len(sessionMagic)}
	if v := r.u16("format"); v != sessionFileFormat {
		return bad(fmt.Errorf("%w: format %d, this build reads %d", ErrBadSessionFile, v, sessionFileFormat))
	}
	f := &SessionFile{}
	copy(f.ID[:], r.take(16, "session id"))
	n := r.u32("event count")
	for i := uint32(0); i < n && r.err == nil; i++ {
		var rec store.Record
		copy(rec.EventID[:], r.take(16, "event id"))
		tl := r.take(1, "type length")
		if tl != nil {
			rec.Type = string(r.take(uint64(tl[0]), "event type"))
		}
		rec.Schema = r.u16("schema")
		rec.Time = time.Unix(0, int64(r.u64("time")))
		rec.Icount = r.u64("icount")
		pl := r.u32("payload length")
		if r.err == nil && pl > store.MaxPayloadLen {
			return bad(fmt.Errorf("%w: event %d payload of %d bytes", ErrBadSessionFile, i+1, pl))
		}
		rec.Payload = bytes.Clone(r.take(uint64(pl), "payload"))
		rec.Stream, rec.Version = f.ID, uint64(i)+1
		if r.err != nil {
			break
		}
		e, err := DecodeEvent(rec)
		if err != nil {
			return bad(fmt.Errorf("%w: event %d: %w", ErrBadSessionFile, i+1, err))
		}
		if _, ok := e.(VMCreated); ok != (i == 0) {
			return bad(fmt.Errorf("%w: event %d is %s; a session starts with exactly one VMCreated", ErrBadSessionFile, i+1, rec.Type))
		}
		f.Records = append(f.Records, rec)
	}
	ns := r.u32("snapshot count")
	for i := uint32(0); i < ns && r.err == nil; i++ {
		s := store.Snapshot{Stream: f.ID, Icount: r.u64("snapshot icount")}
		s.Data = bytes.Clone(r.take(uint64(r.u32("snapshot length")), "snapshot data"))
		if r.err != nil {
			break
		}
		if _, err := machine.UnmarshalSnapshot(s.Data); err != nil {
			return bad(fmt.Errorf("%w: snapshot at icount %d: %w", ErrBadSessionFile, s.Icount, err))
		}
		f.Snapshots = append(f.Snapshots, s)
	}
	if r.err == nil && r.off != len(body) {
		r.err = fmt.Errorf("%w: %d unexpected bytes at the end", ErrBadSessionFile, len(body)-r.off)
	}
	if r.err != nil {
		return bad(r.err)
	}
	if len(f.Records) == 0 {
		return bad(fmt.Errorf("%w: no events", ErrBadSessionFile))
	}
	return f, nil
}

// ImportSession stores a checked session file as a new stream with the
// same id: all events in one atomic append that requires the stream not to
// exist, then its snapshots. Importing the same file again succeeds and
// changes nothing (the store recognises the event ids); a different
// session under an existing id is a KindConflict error.
func ImportSession(ctx context.Context, st SessionStore, f *SessionFile) error {
	data := make([]store.EventData, len(f.Records))
	for i, r := range f.Records {
		data[i] = store.EventData{ID: r.EventID, Type: r.Type, Schema: r.Schema, Time: r.Time, Icount: r.Icount, Payload: r.Payload}
	}
	if _, err := st.Append(ctx, f.ID, store.NoStream, data...); err != nil {
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrDuplicateEvent) {
			return Errorf(KindConflict, "import", "session "+f.ID.String(), "a session with this id exists already")
		}
		return Wrap(KindStorage, "import", "session "+f.ID.String(), err)
	}
	for _, s := range f.Snapshots {
		if err := st.SaveSnapshot(ctx, f.ID, s.Icount, s.Data); err != nil {
			return Wrap(KindStorage, "import snapshot of", "session "+f.ID.String(), err)
		}
	}
	return nil
}
