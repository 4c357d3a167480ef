package vm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/klauspost/compress/zstd"

	"vmcore/store"
	"vmcore/vm/machine"
)

// Session files: one portable file holding a whole session, for
// `vmcore export` and `vmcore import`.
//
// Layout, format 1 (integers big-endian):
//
//	magic "VMCORE-SESSION\x00\x01" (16 bytes) | format u16 | session id [16] |
//	content: events u32 | per event: event id [16], type (u8 length + bytes),
//	  schema u16, time (unix nanos) i64, icount u64, payload (u32 length + bytes) |
//	  snapshots u32 | per snapshot: icount u64, data (u32 length + bytes) |
//	SHA-256 of everything before it [32]
//
// Format 2, the one written, compresses the content as one zstd frame:
//
//	magic | format u16 | session id [16] |
//	content length u64 | zstd frame of the format 1 content (up to the digest) |
//	SHA-256 of everything before it [32]
//
// One frame with a long window, not one per snapshot: successive snapshots
// of a machine share most of their RAM pages, and a window that spans
// several of them makes a U-Boot session's file about 5 times smaller than
// snapshot-by-snapshot compression would (see sessionZstdWindow). The
// reader holds the raw content in memory, as it held a whole format 1 file.
// The declared content length bounds the decompression: a frame that
// inflates beyond it is refused without being inflated further.
//
// The format number is read before the digest: a file from a newer vmcore
// may lay out (or digest) its content differently, and the user should be
// told that it is newer, not that it is damaged. The program image travels
// inside the VMCreated event. A reader checks the digest before it looks at
// anything else, then decodes every event and snapshot, so a damaged or
// truncated file is refused before anything is written.

const (
	sessionMagic = "VMCORE-SESSION\x00\x01"
	// sessionMagicName is the part of the magic that every format shares.
	sessionMagicName   = "VMCORE-SESSION"
	sessionFormatPlain = 1
	sessionFormatZstd  = 2
	// sessionFileFormat is the format WriteTo writes; ReadSessionFile
	// reads sessionFormatPlain..sessionFileFormat.
	sessionFileFormat = sessionFormatZstd
	// MaxSessionFile bounds what ReadSessionFile accepts, and the size of
	// a file's content once decompressed.
	MaxSessionFile = 4 << 30
	// sessionZstdWindow is the compression window: at least a few
	// snapshots of a small guest, so that their shared pages are stored
	// once. The reader refuses a larger window, which bounds its memory.
	sessionZstdWindow = 64 << 20
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

// WriteTo writes the file's encoding (the current format) to w.
func (f *SessionFile) WriteTo(w io.Writer) (int64, error) {
	b, err := f.encode(sessionFileFormat)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// appendEvents appends the format 1 event section.
func (f *SessionFile) appendEvents(b []byte) []byte {
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
	return b
}

// appendContent appends the format 1 content: events, then snapshots.
func (f *SessionFile) appendContent(b []byte) ([]byte, error) {
	b = f.appendEvents(b)
	b = binary.BigEndian.AppendUint32(b, uint32(len(f.Snapshots)))
	for _, s := range f.Snapshots {
		if len(s.Data) > math.MaxUint32 {
			return nil, Errorf(KindConfig, "export", "session "+f.ID.String(), "snapshot of %d bytes does not fit a session file", len(s.Data))
		}
		b = binary.BigEndian.AppendUint64(b, s.Icount)
		b = binary.BigEndian.AppendUint32(b, uint32(len(s.Data)))
		b = append(b, s.Data...)
	}
	return b, nil
}

// encode returns the whole file in the given format; format 1 stays
// writable so that tests can prove old files still import.
func (f *SessionFile) encode(format uint16) ([]byte, error) {
	for _, r := range f.Records {
		if len(r.Type) > store.MaxTypeLen || len(r.Payload) > store.MaxPayloadLen {
			return nil, Errorf(KindConfig, "export", "session "+f.ID.String(), "event %s of %d bytes does not fit a session file", r.Type, len(r.Payload))
		}
	}
	b := []byte(sessionMagic)
	b = binary.BigEndian.AppendUint16(b, format)
	b = append(b, f.ID[:]...)
	switch format {
	case sessionFormatPlain:
		var err error
		if b, err = f.appendContent(b); err != nil {
			return nil, err
		}
	case sessionFormatZstd:
		content, err := f.appendContent(nil)
		if err != nil {
			return nil, err
		}
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(sessionZstdWindow))
		if err != nil {
			return nil, Wrap(KindConfig, "export", "session "+f.ID.String(), err)
		}
		defer enc.Close()
		if len(content) > MaxSessionFile {
			return nil, Errorf(KindConfig, "export", "session "+f.ID.String(), "%d bytes of content, more than the %d a session file holds", len(content), MaxSessionFile)
		}
		b = binary.BigEndian.AppendUint64(b, uint64(len(content)))
		b = enc.EncodeAll(content, b)
	default:
		return nil, Errorf(KindConfig, "export", "session "+f.ID.String(), "unknown session file format %d", format)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...), nil
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

// ReadSessionFile reads and checks a session file of any format this
// build knows: its digest, every event (decoded, upcast) and every
// snapshot. Any problem is an error wrapping ErrBadSessionFile that says
// what and where.
func ReadSessionFile(rd io.Reader) (*SessionFile, error) {
	b, err := io.ReadAll(io.LimitReader(rd, MaxSessionFile+1))
	if err != nil {
		return nil, Wrap(KindStorage, "read", "session file", err)
	}
	if len(b) > MaxSessionFile {
		return nil, Errorf(KindConfig, "read", "session file", "%w: larger than %d bytes", ErrBadSessionFile, MaxSessionFile)
	}
	bad := func(err error) (*SessionFile, error) { return nil, Wrap(KindConfig, "read", "session file", err) }
	hdr := len(sessionMagic) + 2
	if len(b) < hdr || !bytes.HasPrefix(b, []byte(sessionMagicName)) {
		return bad(fmt.Errorf("%w: not a vmcore session file (no header)", ErrBadSessionFile))
	}
	format := binary.BigEndian.Uint16(b[len(sessionMagic):])
	if !bytes.Equal(b[:len(sessionMagic)], []byte(sessionMagic)) || format < sessionFormatPlain || format > sessionFileFormat {
		return bad(fmt.Errorf("%w: unsupported session file version %d (this vmcore reads %d..%d)",
			ErrBadSessionFile, format, sessionFormatPlain, sessionFileFormat))
	}
	if len(b) < hdr+16+sha256.Size {
		return bad(fmt.Errorf("%w: truncated: %d bytes, shorter than a header and a digest", ErrBadSessionFile, len(b)))
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return bad(fmt.Errorf("%w: SHA-256 mismatch: the file is damaged or truncated", ErrBadSessionFile))
	}
	r := &fileReader{b: body, off: hdr}
	f := &SessionFile{}
	copy(f.ID[:], r.take(16, "session id"))
	if format == sessionFormatZstd {
		content, err := r.inflate()
		if err != nil {
			return bad(err)
		}
		r = &fileReader{b: content}
	}
	if err := f.readEvents(r); err != nil {
		return bad(err)
	}
	ns := r.u32("snapshot count")
	for i := uint32(0); i < ns && r.err == nil; i++ {
		s := store.Snapshot{Stream: f.ID, Icount: r.u64("snapshot icount")}
		// Not copied: the buffer is ours, and snapshots are most of it.
		s.Data = r.take(uint64(r.u32("snapshot length")), "snapshot data")
		if r.err != nil {
			break
		}
		if _, err := machine.UnmarshalSnapshot(s.Data); err != nil {
			return bad(fmt.Errorf("%w: snapshot at icount %d: %w", ErrBadSessionFile, s.Icount, err))
		}
		f.Snapshots = append(f.Snapshots, s)
	}
	if r.err == nil && r.off != len(r.b) {
		r.err = fmt.Errorf("%w: %d unexpected bytes at the end of the content", ErrBadSessionFile, len(r.b)-r.off)
	}
	if r.err != nil {
		return bad(r.err)
	}
	if len(f.Records) == 0 {
		return bad(fmt.Errorf("%w: no events", ErrBadSessionFile))
	}
	return f, nil
}

// inflate reads the content length and decompresses the rest of the body
// (format 2), refusing a frame that inflates beyond the length it declares
// before inflating more.
func (r *fileReader) inflate() ([]byte, error) {
	raw := r.u64("content length")
	z := r.take(uint64(len(r.b)-r.off), "compressed content")
	if r.err != nil {
		return nil, r.err
	}
	if raw > MaxSessionFile {
		return nil, fmt.Errorf("%w: content of %d bytes declared, more than %d", ErrBadSessionFile, raw, MaxSessionFile)
	}
	dec, err := zstd.NewReader(bytes.NewReader(z), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(sessionZstdWindow))
	if err != nil {
		return nil, fmt.Errorf("%w: compressed content: %w", ErrBadSessionFile, err)
	}
	defer dec.Close()
	out, err := io.ReadAll(io.LimitReader(dec, int64(raw)+1))
	if err != nil {
		return nil, fmt.Errorf("%w: compressed content does not decompress: %w", ErrBadSessionFile, err)
	}
	if uint64(len(out)) > raw {
		return nil, fmt.Errorf("%w: compressed content inflates beyond the %d bytes it declares", ErrBadSessionFile, raw)
	}
	if uint64(len(out)) < raw {
		return nil, fmt.Errorf("%w: compressed content inflates to %d bytes, not the %d it declares", ErrBadSessionFile, len(out), raw)
	}
	return out, nil
}

// readEvents decodes the format 1 event section: every event is decoded
// and upcast, and only the first may be (and must be) a VMCreated.
func (f *SessionFile) readEvents(r *fileReader) error {
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
			return fmt.Errorf("%w: event %d payload of %d bytes", ErrBadSessionFile, i+1, pl)
		}
		rec.Payload = bytes.Clone(r.take(uint64(pl), "payload"))
		rec.Stream, rec.Version = f.ID, uint64(i)+1
		if r.err != nil {
			break
		}
		e, err := DecodeEvent(rec)
		if err != nil {
			return fmt.Errorf("%w: event %d: %w", ErrBadSessionFile, i+1, err)
		}
		if _, ok := e.(VMCreated); ok != (i == 0) {
			return fmt.Errorf("%w: event %d is %s; a session starts with exactly one VMCreated", ErrBadSessionFile, i+1, rec.Type)
		}
		f.Records = append(f.Records, rec)
	}
	return r.err
}

// ImportResult says what ImportSession changed.
type ImportResult struct {
	// Existed: the session's events were in the store before, so only
	// missing snapshots (if any) were written.
	Existed bool
	// SnapshotsAdded counts the snapshots written.
	SnapshotsAdded int
}

// ImportSession stores a checked session file as a stream with the same
// id. The snapshots are written first and the events last, in one atomic
// append that requires the stream not to exist: a session is listed only
// once it is complete, and an import killed midway leaves only snapshots
// that no session refers to, which the next import overwrites.
//
// When the store already holds the file's events (or a longer recording
// that starts with them), the import writes nothing but the snapshots the
// store lacks (an import by an older vmcore, which wrote the events first,
// may have been killed before its last snapshot); importing the same file
// twice changes nothing. A different session under the same id is a
// KindConflict error.
func ImportSession(ctx context.Context, st SessionStore, f *SessionFile) (ImportResult, error) {
	what := "session " + f.ID.String()
	have, err := st.ReadStream(ctx, f.ID, 0, store.Forward, 0)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return ImportResult{}, Wrap(KindStorage, "import", what, err)
	}
	if len(have) > 0 {
		if i, ok := samePrefix(f.Records, have); !ok {
			return ImportResult{}, Errorf(KindConflict, "import", what,
				"a different session with this id is in the store already (the two differ from event %d on); nothing changed", i+1)
		}
		infos, err := st.ListSnapshots(ctx, f.ID)
		if err != nil {
			return ImportResult{}, Wrap(KindStorage, "import", what, err)
		}
		stored := make(map[uint64]bool, len(infos))
		for _, in := range infos {
			stored[in.Icount] = true
		}
		res := ImportResult{Existed: true}
		for _, s := range f.Snapshots {
			if !stored[s.Icount] {
				if err := st.SaveSnapshot(ctx, f.ID, s.Icount, s.Data); err != nil {
					return res, Wrap(KindStorage, "import snapshot of", what, err)
				}
				res.SnapshotsAdded++
			}
		}
		return res, nil
	}
	var res ImportResult
	for _, s := range f.Snapshots {
		if err := st.SaveSnapshot(ctx, f.ID, s.Icount, s.Data); err != nil {
			return res, Wrap(KindStorage, "import snapshot of", what, err)
		}
		res.SnapshotsAdded++
	}
	data := make([]store.EventData, len(f.Records))
	for i, r := range f.Records {
		data[i] = store.EventData{ID: r.EventID, Type: r.Type, Schema: r.Schema, Time: r.Time, Icount: r.Icount, Payload: r.Payload}
	}
	if _, err := st.Append(ctx, f.ID, store.NoStream, data...); err != nil {
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrDuplicateEvent) {
			return res, Errorf(KindConflict, "import", what, "a session with this id or these events exists already: %v", err)
		}
		return res, Wrap(KindStorage, "import", what, err)
	}
	return res, nil
}

// samePrefix reports whether the stored records start with the file's
// records (same ids and content); if not, it returns the index of the
// first that differs.
func samePrefix(file, stored []store.Record) (int, bool) {
	for i, r := range file {
		if i >= len(stored) {
			return i, false
		}
		s := stored[i]
		if s.EventID != r.EventID || s.Type != r.Type || s.Schema != r.Schema || s.Icount != r.Icount || !bytes.Equal(s.Payload, r.Payload) {
			return i, false
		}
	}
	return 0, true
}
