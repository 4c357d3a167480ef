package vm

import (
	"errors"
	"io/fs"
	"testing"
)

func TestErrorWrapsAndClassifies(t *testing.T) {
	cause := fs.ErrNotExist
	err := Wrap(KindConfig, "load", "prog.elf", cause)
	tests := []struct {
		name string
		got  bool
	}{
		{"errors.Is reaches the cause", errors.Is(err, fs.ErrNotExist)},
		{"errors.Is matches the kind", errors.Is(err, &Error{Kind: KindConfig})},
		{"another kind does not match", !errors.Is(err, &Error{Kind: KindStorage})},
		{"KindOf", KindOf(err) == KindConfig},
		{"message names op, subject and cause", err.Error() == "load prog.elf: file does not exist"},
		{"nil stays nil", Wrap(KindConfig, "x", "y", nil) == nil},
	}
	for _, tc := range tests {
		if !tc.got {
			t.Errorf("%s: failed (err = %v)", tc.name, err)
		}
	}
	var e *Error
	if !errors.As(Errorf(KindMemory, "read", "0x10", "unmapped: %w", cause), &e) || e.Kind != KindMemory {
		t.Fatalf("errors.As did not find the *Error")
	}
}
