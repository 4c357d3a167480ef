// Package storetest is the acceptance suite for store.Store
// implementations: every implementation runs Run with its constructor, so
// the in-memory and the Badger store are held to one behaviour (expected
// versions, idempotency, ordering, subscriptions, metadata, snapshots,
// cancellation, concurrent writers).
package storetest
