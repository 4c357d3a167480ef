package badgerstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/klauspost/compress/zstd"

	"vmcore/store"
)

// Snapshot data is compressed with zstd and split into chunks so that no
// single Badger value grows with the guest's RAM.
const chunkSize = 4 << 20

// Header of a snapshot (the value of its snap/ key), big-endian:
//
//	magic "VSNP" | format u8 | codec u8 | time (unix nanos) i64 |
//	size u64 | stored size u64 | chunks u32 | CRC-32C of the data u32 |
//	CRC-32C of the stored bytes u32 | CRC-32C of the header so far u32
const (
	snapMagic     = "VSNP"
	snapFormat    = 1
	codecZstd     = 1
	snapHeaderLen = 4 + 1 + 1 + 8 + 8 + 8 + 4 + 4 + 4 + 4
)

type snapHeader struct {
	time             time.Time
	size, stored     uint64
	chunks           uint32
	dataSum, compSum uint32
}

func (h *snapHeader) encode() []byte {
	b := make([]byte, 0, snapHeaderLen)
	b = append(b, snapMagic...)
	b = append(b, snapFormat, codecZstd)
	b = binary.BigEndian.AppendUint64(b, uint64(h.time.UnixNano()))
	b = binary.BigEndian.AppendUint64(b, h.size)
	b = binary.BigEndian.AppendUint64(b, h.stored)
	b = binary.BigEndian.AppendUint32(b, h.chunks)
	b = binary.BigEndian.AppendUint32(b, h.dataSum)
	b = binary.BigEndian.AppendUint32(b, h.compSum)
	return binary.BigEndian.AppendUint32(b, store.Checksum(b))
}

func decodeSnapHeader(b []byte) (snapHeader, error) {
	var h snapHeader
	switch {
	case len(b) != snapHeaderLen:
		return h, fmt.Errorf("header is %d bytes, want %d", len(b), snapHeaderLen)
	case string(b[:4]) != snapMagic:
		return h, fmt.Errorf("header magic %q, want %q", b[:4], snapMagic)
	case store.Checksum(b[:snapHeaderLen-4]) != binary.BigEndian.Uint32(b[snapHeaderLen-4:]):
		return h, errors.New("header checksum mismatch")
	case b[4] != snapFormat || b[5] != codecZstd:
		return h, fmt.Errorf("unknown snapshot format %d codec %d", b[4], b[5])
	}
	h.time = time.Unix(0, int64(binary.BigEndian.Uint64(b[6:])))
	h.size = binary.BigEndian.Uint64(b[14:])
	h.stored = binary.BigEndian.Uint64(b[22:])
	h.chunks = binary.BigEndian.Uint32(b[30:])
	h.dataSum = binary.BigEndian.Uint32(b[34:])
	h.compSum = binary.BigEndian.Uint32(b[38:])
	if want := (h.stored + chunkSize - 1) / chunkSize; uint64(h.chunks) != want {
		return h, fmt.Errorf("%d chunks for %d stored bytes, want %d", h.chunks, h.stored, want)
	}
	return h, nil
}

var (
	zOnce sync.Once
	zEnc  *zstd.Encoder
	zDec  *zstd.Decoder
	zErr  error
)

// codecs returns the shared zstd encoder and decoder; their EncodeAll and
// DecodeAll are safe for concurrent use.
func codecs() (*zstd.Encoder, *zstd.Decoder, error) {
	zOnce.Do(func() {
		zEnc, zErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if zErr == nil {
			zDec, zErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		}
	})
	return zEnc, zDec, zErr
}

func snapErr(id store.StreamID, icount uint64, reason string) error {
	return fmt.Errorf("store: snapshot of stream %s at icount %d: %s: %w", id, icount, reason, store.ErrCorrupt)
}

// SaveSnapshot implements store.SnapshotStore. Header and chunks are
// written in one transaction, so a snapshot is whole or absent.
func (s *Store) SaveSnapshot(ctx context.Context, id store.StreamID, icount uint64, data []byte) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if id == store.StreamID([16]byte{}) {
		return store.Invalid("save snapshot: the nil uuid is not a stream id")
	}
	enc, _, err := codecs()
	if err != nil {
		return fmt.Errorf("store: zstd: %w", err)
	}
	comp := enc.EncodeAll(data, make([]byte, 0, len(data)/4+64))
	h := snapHeader{
		time: time.Unix(0, s.now().UnixNano()), size: uint64(len(data)), stored: uint64(len(comp)),
		chunks: uint32((len(comp) + chunkSize - 1) / chunkSize), dataSum: store.Checksum(data), compSum: store.Checksum(comp),
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	err = s.db.Update(func(txn *badger.Txn) error {
		// Drop the chunks of a snapshot this one replaces.
		var old [][]byte
		it := txn.NewIterator(badger.IteratorOptions{Prefix: snapDataPrefix(id, icount)})
		for it.Rewind(); it.Valid(); it.Next() {
			old = append(old, it.Item().KeyCopy(nil))
		}
		it.Close()
		for _, k := range old {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		for i := uint32(0); i < h.chunks; i++ {
			lo := int(i) * chunkSize
			if err := txn.Set(snapDataKey(id, icount, i), comp[lo:min(lo+chunkSize, len(comp))]); err != nil {
				return err
			}
		}
		return txn.Set(snapKey(id, icount), h.encode())
	})
	if err != nil {
		return fmt.Errorf("store: save snapshot of stream %s at icount %d: %w", id, icount, err)
	}
	return nil
}

// LoadSnapshot implements store.SnapshotStore.
func (s *Store) LoadSnapshot(ctx context.Context, id store.StreamID, atOrBefore uint64) (store.Snapshot, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return store.Snapshot{}, err
	}
	defer end()
	_, dec, err := codecs()
	if err != nil {
		return store.Snapshot{}, fmt.Errorf("store: zstd: %w", err)
	}
	snap := store.Snapshot{Stream: id}
	var comp []byte
	var h snapHeader
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: streamPrefix(pfxSnap, id), Reverse: true})
		defer it.Close()
		it.Seek(snapKey(id, atOrBefore))
		if !it.Valid() {
			return store.NotFound("snapshot of stream %s at or before icount %d", id, atOrBefore)
		}
		snap.Icount = tailU64(it.Item().Key())
		hb, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		if h, err = decodeSnapHeader(hb); err != nil {
			return snapErr(id, snap.Icount, err.Error())
		}
		comp = make([]byte, 0, h.stored)
		for i := uint32(0); i < h.chunks; i++ {
			item, err := txn.Get(snapDataKey(id, snap.Icount, i))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return snapErr(id, snap.Icount, fmt.Sprintf("chunk %d of %d is missing", i, h.chunks))
			}
			if err != nil {
				return err
			}
			if err := item.Value(func(b []byte) error { comp = append(comp, b...); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return store.Snapshot{}, err
	}
	if uint64(len(comp)) != h.stored || store.Checksum(comp) != h.compSum {
		return store.Snapshot{}, snapErr(id, snap.Icount, "stored bytes do not match their checksum")
	}
	data, err := dec.DecodeAll(comp, make([]byte, 0, h.size))
	if err != nil {
		return store.Snapshot{}, snapErr(id, snap.Icount, "decompress: "+err.Error())
	}
	if uint64(len(data)) != h.size || store.Checksum(data) != h.dataSum {
		return store.Snapshot{}, snapErr(id, snap.Icount, "data does not match its checksum")
	}
	snap.Time, snap.Data = h.time, data
	if snap.Data == nil {
		snap.Data = []byte{}
	}
	return snap, nil
}

// ListSnapshots implements store.SnapshotStore.
func (s *Store) ListSnapshots(ctx context.Context, id store.StreamID) ([]store.SnapshotInfo, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	var out []store.SnapshotInfo
	err = s.db.View(func(txn *badger.Txn) error {
		pfx := streamPrefix(pfxSnap, id)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != len(pfx)+8 || !bytes.HasPrefix(k, pfx) {
				continue
			}
			ic := tailU64(k)
			var h snapHeader
			var derr error
			if err := it.Item().Value(func(b []byte) error { h, derr = decodeSnapHeader(b); return nil }); err != nil {
				return err
			}
			if derr != nil {
				return snapErr(id, ic, derr.Error())
			}
			out = append(out, store.SnapshotInfo{Stream: id, Icount: ic, Time: h.time, Size: h.size, StoredSize: h.stored})
		}
		return nil
	})
	return out, err
}
