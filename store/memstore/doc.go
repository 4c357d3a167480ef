// Package memstore is an in-memory store.Store for tests and for runs that
// need no recording. It behaves exactly as the Badger store does (both pass
// storetest's acceptance suite) but keeps nothing across processes; records
// are held as decoded copies, so it never reports corruption.
package memstore
