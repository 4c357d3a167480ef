package badgerstore

import (
	"encoding/binary"

	"vmcore/store"
)

// Key layout. Numbers are big-endian so that byte order is numeric order and
// prefix iteration visits versions, positions and icounts in order. Stream
// and event ids are their 16 raw bytes.
//
//	ev/<stream>/<version>            encoded record (store.EncodeRecord)
//	all/<position>                   <stream><version>: the global order
//	id/<event id>                    <stream><version>: idempotency index
//	meta/<stream>                    opaque metadata
//	snap/<stream>/<icount>           snapshot header
//	snapd/<stream>/<icount>/<chunk>  compressed snapshot data, in chunks
var (
	pfxEv    = []byte("ev/")
	pfxAll   = []byte("all/")
	pfxID    = []byte("id/")
	pfxMeta  = []byte("meta/")
	pfxSnap  = []byte("snap/")
	pfxSnapD = []byte("snapd/")
)

func streamPrefix(pfx []byte, s store.StreamID) []byte {
	k := make([]byte, 0, len(pfx)+16+1+8+1+4)
	k = append(k, pfx...)
	k = append(k, s[:]...)
	return append(k, '/')
}

func evKey(s store.StreamID, v uint64) []byte {
	return binary.BigEndian.AppendUint64(streamPrefix(pfxEv, s), v)
}

func allKey(p uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(nil), pfxAll...), p)
}

func idKey(id [16]byte) []byte { return append(append([]byte(nil), pfxID...), id[:]...) }

func metaKey(s store.StreamID) []byte { return append(append([]byte(nil), pfxMeta...), s[:]...) }

func snapKey(s store.StreamID, icount uint64) []byte {
	return binary.BigEndian.AppendUint64(streamPrefix(pfxSnap, s), icount)
}

func snapDataPrefix(s store.StreamID, icount uint64) []byte {
	return append(binary.BigEndian.AppendUint64(streamPrefix(pfxSnapD, s), icount), '/')
}

func snapDataKey(s store.StreamID, icount uint64, chunk uint32) []byte {
	return binary.BigEndian.AppendUint32(snapDataPrefix(s, icount), chunk)
}

// loc is the value of all/ and id/ keys: where a record lives.
func encodeLoc(s store.StreamID, v uint64) []byte {
	return binary.BigEndian.AppendUint64(append(make([]byte, 0, 24), s[:]...), v)
}

func decodeLoc(b []byte) (store.StreamID, uint64, bool) {
	var s store.StreamID
	if len(b) != 24 {
		return s, 0, false
	}
	copy(s[:], b)
	return s, binary.BigEndian.Uint64(b[16:]), true
}

// tailU64 reads the big-endian number that ends a key.
func tailU64(k []byte) uint64 { return binary.BigEndian.Uint64(k[len(k)-8:]) }
