package virtio

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Spec describes a device to put in a slot, parsed from text such as
//
//	blk:file=disk.img                  copy-on-write overlay in memory
//	blk:file=disk.img,readonly         writes fail with VIRTIO_BLK_S_IOERR
//	blk:file=disk.img,overlay=cow.img  overlay kept in a side file
//	blk:file=disk.img,writable         writes change disk.img
//	rng                                 seeded from the machine's RNG seed
//	rng:seed=42
//	console
//
// and optionally slot=N (0..7) among the options. A comma inside a value
// is written twice (",,"), as in QEMU's option syntax.
type Spec struct {
	Kind    string // "blk", "rng" or "console"
	Slot    int    // 0..7, or -1 for "any free slot"
	File    string // blk: the image
	Mode    BlkMode
	Overlay string // blk with BlkOverlayFile: the side file
	Seed    uint64 // rng, when HasSeed
	HasSeed bool
}

// ErrBadSpec is wrapped by every error of ParseSpec and ParseDrive.
var ErrBadSpec = errors.New("bad device spec")

// SpecError says what text was bad and why; it wraps ErrBadSpec.
type SpecError struct {
	Text   string // the spec as given
	Detail string
}

// Error renders `bad device spec "text": detail`.
func (e *SpecError) Error() string { return fmt.Sprintf("%v %q: %s", ErrBadSpec, e.Text, e.Detail) }

// Unwrap makes errors.Is(err, ErrBadSpec) work.
func (e *SpecError) Unwrap() error { return ErrBadSpec }

func specErr(text, format string, a ...any) error {
	return &SpecError{Text: text, Detail: fmt.Sprintf(format, a...)}
}

// splitOptions splits at single commas; ",," is a literal comma.
func splitOptions(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			if i+1 < len(s) && s[i+1] == ',' {
				cur.WriteByte(',')
				i++
				continue
			}
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(s[i])
	}
	return append(out, cur.String())
}

// ParseSpec parses the text form described on Spec.
func ParseSpec(text string) (Spec, error) {
	kind, opts, _ := strings.Cut(text, ":")
	// "rng,slot=7" is read as "rng:slot=7": the comma form is what people
	// type after seeing "blk:file=d.img,slot=7".
	if k, o, ok := strings.Cut(kind, ","); ok && !strings.Contains(text, ":") {
		kind, opts = k, o
	}
	sp := Spec{Kind: strings.TrimSpace(kind), Slot: -1}
	switch sp.Kind {
	case "blk", "rng", "console":
	case "":
		return Spec{}, specErr(text, "no device kind; want blk, rng or console")
	default:
		return Spec{}, specErr(text, "unknown device kind %q; want blk, rng or console", sp.Kind)
	}
	modes := 0
	if opts != "" {
		for _, o := range splitOptions(opts) {
			key, val, hasVal := strings.Cut(o, "=")
			var err error
			switch {
			case key == "slot" && hasVal:
				var n uint64
				n, err = strconv.ParseUint(val, 0, 8)
				if err != nil || n >= Slots {
					return Spec{}, specErr(text, "slot %q: want 0..%d", val, Slots-1)
				}
				sp.Slot = int(n)
			case sp.Kind == "blk" && key == "file" && hasVal:
				sp.File = val
			case sp.Kind == "blk" && key == "readonly" && !hasVal:
				sp.Mode, modes = BlkReadOnly, modes+1
			case sp.Kind == "blk" && key == "writable" && !hasVal:
				sp.Mode, modes = BlkWritable, modes+1
			case sp.Kind == "blk" && key == "overlay" && hasVal && val != "":
				sp.Mode, sp.Overlay, modes = BlkOverlayFile, val, modes+1
			case sp.Kind == "rng" && key == "seed" && hasVal:
				sp.Seed, err = strconv.ParseUint(val, 0, 64)
				if err != nil {
					return Spec{}, specErr(text, "seed %q is not a number", val)
				}
				sp.HasSeed = true
			default:
				return Spec{}, specErr(text, "option %q is not one %s takes (%s)", o, sp.Kind, optionHelp(sp.Kind))
			}
		}
	}
	if sp.Kind == "blk" && sp.File == "" {
		return Spec{}, specErr(text, "blk needs file=PATH")
	}
	if modes > 1 {
		return Spec{}, specErr(text, "readonly, writable and overlay=PATH exclude each other")
	}
	return sp, nil
}

func optionHelp(kind string) string {
	switch kind {
	case "blk":
		return "file=PATH, then readonly, writable or overlay=PATH; slot=N"
	case "rng":
		return "seed=N, slot=N"
	}
	return "slot=N"
}

// ParseDrive parses vmcore run's --drive value, FILE[,readonly|,writable|
// ,overlay=PATH][,slot=N], into a blk Spec. Commas in FILE are doubled.
func ParseDrive(text string) (Spec, error) {
	parts := splitOptions(text)
	if parts[0] == "" {
		return Spec{}, specErr(text, "no image file")
	}
	var b strings.Builder
	b.WriteString("blk:file=")
	b.WriteString(strings.ReplaceAll(parts[0], ",", ",,"))
	for _, p := range parts[1:] {
		b.WriteByte(',')
		b.WriteString(strings.ReplaceAll(p, ",", ",,"))
	}
	sp, err := ParseSpec(b.String())
	var se *SpecError
	if errors.As(err, &se) {
		return Spec{}, &SpecError{Text: text, Detail: se.Detail}
	}
	return sp, nil
}

// String renders the spec in ParseSpec's syntax.
func (s Spec) String() string {
	var opts []string
	esc := func(v string) string { return strings.ReplaceAll(v, ",", ",,") }
	switch s.Kind {
	case "blk":
		opts = append(opts, "file="+esc(s.File))
		switch s.Mode {
		case BlkReadOnly:
			opts = append(opts, "readonly")
		case BlkWritable:
			opts = append(opts, "writable")
		case BlkOverlayFile:
			opts = append(opts, "overlay="+esc(s.Overlay))
		}
	case "rng":
		if s.HasSeed {
			opts = append(opts, fmt.Sprintf("seed=%d", s.Seed))
		}
	}
	if s.Slot >= 0 {
		opts = append(opts, fmt.Sprintf("slot=%d", s.Slot))
	}
	if len(opts) == 0 {
		return s.Kind
	}
	return s.Kind + ":" + strings.Join(opts, ",")
}

// Host is what opening a device needs from the board.
type Host struct {
	// Console receives a virtio console's output.
	Console io.Writer
	// Seed seeds an rng whose spec gives none.
	Seed uint64
}

// Open makes the backend a spec describes.
func Open(s Spec, h Host) (Backend, error) {
	switch s.Kind {
	case "blk":
		return OpenBlk(s.File, s.Mode, s.Overlay)
	case "rng":
		seed := h.Seed
		if s.HasSeed {
			seed = s.Seed
		}
		return NewRNG(seed), nil
	case "console":
		return NewConsole(h.Console), nil
	}
	return nil, fmt.Errorf("%w: unknown device kind %q", ErrBadSpec, s.Kind)
}
