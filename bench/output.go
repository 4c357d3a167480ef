package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Output is what the benchmark guest (or its host build) printed.
type Output struct {
	// Parts is the "parts ..." line: the per-kernel results, which say
	// which kernel went wrong when the checksum differs.
	Parts string
	// Checksum is the value of the "checksum 0x..." line.
	Checksum uint64
	// Minstret is the value of the "minstret N" line, the guest's retired
	// instruction count at its end; HasMinstret is false when the line is
	// absent (the host build prints none).
	Minstret    uint64
	HasMinstret bool
}

// ParseOutput reads the lines the benchmark guest prints. name says whose
// output it is, for error messages. Lines other than parts, checksum and
// minstret are ignored (firmware banners, emulator chatter); a missing
// parts or checksum line, a repeated line or a malformed number is an error
// naming the line.
func ParseOutput(name string, out []byte) (Output, error) {
	var o Output
	var seenParts, seenSum bool
	sc := bufio.NewScanner(bytes.NewReader(out))
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimRight(sc.Text(), "\r")
		key, val, _ := strings.Cut(line, " ")
		var seen *bool
		switch key {
		case "parts":
			seen = &seenParts
			o.Parts = val
		case "checksum":
			seen = &seenSum
			hex, ok := strings.CutPrefix(val, "0x")
			v, err := strconv.ParseUint(hex, 16, 64)
			if !ok || err != nil {
				return Output{}, fmt.Errorf("%s: line %d: checksum %q is not a 0x-prefixed 64-bit hex number", name, ln, val)
			}
			o.Checksum = v
		case "minstret":
			seen = &o.HasMinstret
			v, err := strconv.ParseUint(val, 10, 64)
			if err != nil {
				return Output{}, fmt.Errorf("%s: line %d: minstret %q is not a decimal 64-bit number", name, ln, val)
			}
			o.Minstret = v
		default:
			continue
		}
		if *seen {
			return Output{}, fmt.Errorf("%s: line %d: second %q line", name, ln, key)
		}
		*seen = true
	}
	if err := sc.Err(); err != nil {
		return Output{}, fmt.Errorf("%s: %w", name, err)
	}
	if !seenParts {
		return Output{}, fmt.Errorf("%s: no \"parts\" line in the output", name)
	}
	if !seenSum {
		return Output{}, fmt.Errorf("%s: no \"checksum\" line in the output", name)
	}
	return o, nil
}

// Result is the text that must agree between every build of the guest: the
// parts and checksum lines, as the guest prints them.
func (o Output) Result() string {
	return fmt.Sprintf("parts %s\nchecksum 0x%016x\n", o.Parts, o.Checksum)
}
