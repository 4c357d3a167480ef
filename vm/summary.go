package vm

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// EventSummary is one line about e for a person reading an event log (the
// screen's events pane, a replay's list). It names what the event did, not
// its envelope: the type and icount are shown beside it by the caller.
// Event types without a case of their own get their fields, so a new event
// is never shown blank.
func EventSummary(e Event) string {
	switch e := deref(e).(type) {
	case VMCreated:
		return fmt.Sprintf("%s (%s, %d bytes)", e.Program, e.ImageFormat, len(e.Image))
	case Started:
		return "started"
	case Paused:
		return fmt.Sprintf("%s at pc %#x", e.Reason, e.PC)
	case Resumed:
		return "resumed"
	case Stopped:
		return fmt.Sprintf("%s, exit status %d, pc %#x", e.Reason, e.ExitCode, e.PC)
	case Halted:
		return fmt.Sprintf("exit code %d (%s), pc %#x", e.ExitCode, e.Source, e.PC)
	case Failed:
		return e.Error
	case ConsoleInput:
		return strconv.Quote(string(e.Bytes))
	case MemoryPatched:
		return fmt.Sprintf("%d bytes at %#x", len(e.Bytes), e.Addr)
	case RegisterPatched:
		return fmt.Sprintf("hart %d %s = %#x", e.Hart, patchedRegName(e.Space, e.Reg), e.Value)
	case BreakpointAdded:
		return fmt.Sprintf("at %#x", e.Addr)
	case BreakpointRemoved:
		return fmt.Sprintf("at %#x", e.Addr)
	case DeviceAttached:
		return fmt.Sprintf("slot %d: %s", e.Slot, e.Device.Spec)
	case DeviceDetached:
		return fmt.Sprintf("slot %d", e.Slot)
	case SnapshotTaken:
		return fmt.Sprintf("%d bytes", e.Size)
	case Checkpoint:
		return "state " + e.Hash[:min(len(e.Hash), 16)] + "…"
	case nil:
		return ""
	}
	return fieldSummary(e)
}

// patchedRegName names register reg of a RegisterPatched space the way
// the space numbers it.
func patchedRegName(space string, reg int) string {
	switch space {
	case RegSpaceX:
		if reg == RegPC {
			return "pc"
		}
		return fmt.Sprintf("x%d", reg)
	case RegSpaceF:
		return fmt.Sprintf("f%d", reg)
	case RegSpaceCSR:
		return fmt.Sprintf("csr %#x", reg)
	case RegSpacePriv:
		return "priv"
	}
	return fmt.Sprintf("%s register %d", space, reg)
}

// fieldSummary renders a struct's exported fields as "name=value", for
// event types EventSummary has no case for.
func fieldSummary(e Event) string {
	v := reflect.ValueOf(e)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return fmt.Sprint(e)
	}
	var parts []string
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Name == "Icount" {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%v", strings.ToLower(f.Name), v.Field(i).Interface()))
	}
	return strings.Join(parts, " ")
}
