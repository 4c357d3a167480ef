package vm

import (
	"errors"
	"fmt"
)

// Kind classifies an Error so that callers (the CLI's exit status, the
// screen's message colour, the GDB server's error reply) can react to the
// class of failure without matching strings.
type Kind uint8

// Error kinds.
const (
	KindConfig    Kind = iota + 1 // bad flags, sizes, files the user named
	KindMemory                    // an address outside RAM or any device
	KindDevice                    // a device refused or failed an operation
	KindExecution                 // the machine cannot go on (not a guest trap)
	KindStorage                   // the event store failed
	KindDebugger                  // a debugger command cannot be carried out
	KindNotFound                  // a session, symbol or breakpoint does not exist
	KindConflict                  // a state or version conflict
	KindState                     // a command not allowed in the VM's state
)

var kindNames = map[Kind]string{
	KindConfig: "config", KindMemory: "memory", KindDevice: "device",
	KindExecution: "execution", KindStorage: "storage", KindDebugger: "debugger",
	KindNotFound: "not found", KindConflict: "conflict", KindState: "state",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Error is vmcore's one error type. Op says what was being done, Subject
// names the thing it was done to (a file, an address, a session), and Err
// is the cause, reachable through errors.Is and errors.As.
type Error struct {
	Kind    Kind
	Op      string
	Subject string
	Err     error
}

// Errorf makes an Error whose cause is fmt.Errorf(format, args...), so %w
// in format wraps a further cause.
func Errorf(kind Kind, op, subject, format string, args ...any) *Error {
	return &Error{Kind: kind, Op: op, Subject: subject, Err: fmt.Errorf(format, args...)}
}

// Wrap makes an Error around err; it returns nil when err is nil.
func Wrap(kind Kind, op, subject string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: kind, Op: op, Subject: subject, Err: err}
}

func (e *Error) Error() string {
	s := e.Op
	if e.Subject != "" {
		if s != "" {
			s += " "
		}
		s += e.Subject
	}
	if e.Err != nil {
		if s != "" {
			s += ": "
		}
		s += e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Kind: k}) match any Error of kind k, so
// callers can test the class without knowing the cause.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Op == "" && t.Subject == "" && t.Err == nil && t.Kind == e.Kind
}

// KindOf returns the Kind of the first Error in err's chain, or 0.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
