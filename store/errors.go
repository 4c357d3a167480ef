package store

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// Sentinel errors. The typed errors below match them with errors.Is, so a
// caller can test the kind with errors.Is and read details with errors.As.
var (
	ErrConflict       = errors.New("version conflict")
	ErrDuplicateEvent = errors.New("event id already stored with other content")
	ErrNotFound       = errors.New("not found")
	ErrCorrupt        = errors.New("corrupt record")
	ErrLocked         = errors.New("store is in use by another process")
	ErrClosed         = errors.New("store is closed")
	ErrInvalid        = errors.New("invalid request")
)

// ConflictError is returned by Append when the stream's version does not
// satisfy the expected version. Nothing was written.
type ConflictError struct {
	Stream   StreamID
	Expected ExpectedVersion
	Actual   uint64 // the stream's last version (0: no records)
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("store: stream %s: expected %s, stream is at version %d: %v", e.Stream, e.Expected, e.Actual, ErrConflict)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// DuplicateEventError is returned by Append when an event id is already
// stored but the append is not an exact repeat of the stored batch.
type DuplicateEventError struct {
	EventID uuid.UUID
	Stream  StreamID // where the id is stored
	Version uint64
	Reason  string
}

func (e *DuplicateEventError) Error() string {
	return fmt.Sprintf("store: event %s is stored in stream %s at version %d (%s): %v", e.EventID, e.Stream, e.Version, e.Reason, ErrDuplicateEvent)
}

// Is makes errors.Is(err, ErrDuplicateEvent) true.
func (e *DuplicateEventError) Is(target error) bool { return target == ErrDuplicateEvent }

// CorruptError names a record that failed its checks. Position is set when
// the record was reached through the global order (0 otherwise), so a reader
// of all streams can step over it by resuming at Position+1.
type CorruptError struct {
	Stream   StreamID
	Version  uint64
	Position uint64
	Reason   string
}

func (e *CorruptError) Error() string {
	where := fmt.Sprintf("stream %s version %d", e.Stream, e.Version)
	if e.Position != 0 {
		where += fmt.Sprintf(" (global position %d)", e.Position)
	}
	return fmt.Sprintf("store: %s: %s: %v", where, e.Reason, ErrCorrupt)
}

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// LockedError is returned by Open when another process holds the store.
type LockedError struct {
	Path string
	Err  error // the underlying lock error
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("store: %s: %v (close the other vmcore, or use another --data-dir): %v", e.Path, ErrLocked, e.Err)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Unwrap returns the underlying lock error.
func (e *LockedError) Unwrap() error { return e.Err }

// NotFound returns an error matching ErrNotFound that names what is missing.
func NotFound(format string, args ...any) error {
	return fmt.Errorf("store: %s: %w", fmt.Sprintf(format, args...), ErrNotFound)
}

// Invalid returns an error matching ErrInvalid that says what is wrong.
func Invalid(format string, args ...any) error {
	return fmt.Errorf("store: %s: %w", fmt.Sprintf(format, args...), ErrInvalid)
}
