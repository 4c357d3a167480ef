// Package store keeps vmcore's recordings: streams of typed, versioned
// records with opaque payloads, plus compressed snapshots keyed by icount.
//
// It is domain-agnostic: it knows nothing of VMs or events, imports nothing
// of vmcore, and stores whatever bytes the vm package encodes. This package
// holds the shared vocabulary (Record, EventData, ExpectedVersion, the
// EventStore and SnapshotStore interfaces, the typed errors), the binary
// record envelope, and the subscription engine. Implementations live in
// sub-packages: badgerstore (on disk) and memstore (in memory, for tests);
// storetest is the acceptance suite both pass.
//
// Invariants every implementation keeps:
//
//   - Versions in a stream start at 1 and have no gaps. Global positions start
//     at 1, have no gaps, and follow commit order: a reader that sees position
//     p sees every position below p.
//   - An Append is atomic: all of its events are stored, or none.
//   - An Append whose expected version does not hold writes nothing and
//     returns a *ConflictError (errors.Is ErrConflict) with both versions.
//   - Event ids are unique in the store. Re-appending events that are all
//     stored, in the same stream, in the same consecutive order and with the
//     same content (type, schema, icount, payload) returns where they are
//     and writes nothing; this check comes before the version check, so a
//     retry after a lost acknowledgement succeeds. The id index is durable
//     (stored with the records), not a cache. Any other reuse of a stored id
//     is a *DuplicateEventError.
//   - Every record is encoded with a format byte and a CRC-32C; damage is
//     reported as a *CorruptError naming the stream and version, and only
//     reads that reach the damaged record fail.
//   - Everything returned to a caller is a copy: callers may keep or change
//     it freely.
//
// Subscriptions pull from the store (see Subscription), so a slow consumer
// never blocks writers and never misses a record.
package store
