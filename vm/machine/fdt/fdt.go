package fdt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// Structure block tokens and header constants.
const (
	Magic = 0xd00dfeed

	tokBeginNode = 1
	tokEndNode   = 2
	tokProp      = 3
	tokNop       = 4
	tokEnd       = 9

	version     = 17
	lastCompat  = 16
	headerSize  = 40
	rsvmapEntry = 16
)

// Builder accumulates a device tree. Calls must nest: every BeginNode is
// closed by an EndNode before Finish. Misuse is reported by Finish.
type Builder struct {
	structs []byte
	strs    []byte
	strOff  map[string]uint32
	depth   int
	err     error
	bootCPU uint32
}

// NewBuilder starts an empty tree.
func NewBuilder() *Builder { return &Builder{strOff: map[string]uint32{}} }

// SetBootCPU sets the header's boot_cpuid_phys.
func (b *Builder) SetBootCPU(id uint32) { b.bootCPU = id }

func (b *Builder) u32(v uint32) { b.structs = binary.BigEndian.AppendUint32(b.structs, v) }

func (b *Builder) pad() {
	for len(b.structs)%4 != 0 {
		b.structs = append(b.structs, 0)
	}
}

// BeginNode opens a child of the current node ("" for the root).
func (b *Builder) BeginNode(name string) {
	if b.depth == 0 && name != "" && b.err == nil {
		b.err = fmt.Errorf("fdt: first node %q must be the root (empty name)", name)
	}
	b.u32(tokBeginNode)
	b.structs = append(b.structs, name...)
	b.structs = append(b.structs, 0)
	b.pad()
	b.depth++
}

// EndNode closes the current node.
func (b *Builder) EndNode() {
	if b.depth == 0 {
		if b.err == nil {
			b.err = errors.New("fdt: EndNode without BeginNode")
		}
		return
	}
	b.u32(tokEndNode)
	b.depth--
}

// Prop adds a property with a raw value to the current node.
func (b *Builder) Prop(name string, val []byte) {
	if b.depth == 0 && b.err == nil {
		b.err = fmt.Errorf("fdt: property %q outside any node", name)
	}
	off, ok := b.strOff[name]
	if !ok {
		off = uint32(len(b.strs))
		b.strOff[name] = off
		b.strs = append(b.strs, name...)
		b.strs = append(b.strs, 0)
	}
	b.u32(tokProp)
	b.u32(uint32(len(val)))
	b.u32(off)
	b.structs = append(b.structs, val...)
	b.pad()
}

// PropEmpty adds a property without a value (a flag such as
// interrupt-controller).
func (b *Builder) PropEmpty(name string) { b.Prop(name, nil) }

// PropU32 adds a property of one or more big-endian 32-bit cells.
func (b *Builder) PropU32(name string, cells ...uint32) {
	v := make([]byte, 0, 4*len(cells))
	for _, c := range cells {
		v = binary.BigEndian.AppendUint32(v, c)
	}
	b.Prop(name, v)
}

// PropU64 adds a property of 64-bit values, each as two cells (the form
// of reg and ranges when #address-cells and #size-cells are 2).
func (b *Builder) PropU64(name string, vals ...uint64) {
	v := make([]byte, 0, 8*len(vals))
	for _, x := range vals {
		v = binary.BigEndian.AppendUint64(v, x)
	}
	b.Prop(name, v)
}

// PropString adds a string property; several strings make a string list
// (as for compatible).
func (b *Builder) PropString(name string, s ...string) {
	var v []byte
	for _, x := range s {
		v = append(v, x...)
		v = append(v, 0)
	}
	b.Prop(name, v)
}

// Finish returns the blob with the given total size padding (0 for none:
// the blob is exactly as long as needed).
func (b *Builder) Finish() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.depth != 0 {
		return nil, fmt.Errorf("fdt: %d node(s) left open", b.depth)
	}
	structs := binary.BigEndian.AppendUint32(append([]byte(nil), b.structs...), tokEnd)
	offRsv := uint32(headerSize)
	offStruct := offRsv + rsvmapEntry // one terminating (0, 0) entry
	offStrings := offStruct + uint32(len(structs))
	total := offStrings + uint32(len(b.strs))
	out := make([]byte, 0, total+3)
	for _, v := range []uint32{Magic, total, offStruct, offStrings, offRsv, version, lastCompat,
		b.bootCPU, uint32(len(b.strs)), uint32(len(structs))} {
		out = binary.BigEndian.AppendUint32(out, v)
	}
	out = append(out, make([]byte, rsvmapEntry)...)
	out = append(out, structs...)
	out = append(out, b.strs...)
	return out, nil
}

// Node is a parsed device-tree node.
type Node struct {
	Name     string
	Props    []Property
	Children []*Node
}

// Property is one name/value pair of a node.
type Property struct {
	Name  string
	Value []byte
}

// Prop returns the value of the named property and whether it exists.
func (n *Node) Prop(name string) ([]byte, bool) {
	for _, p := range n.Props {
		if p.Name == name {
			return p.Value, true
		}
	}
	return nil, false
}

// Child returns the child with the given name (including any @unit-address).
func (n *Node) Child(name string) *Node {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Find walks a path such as "/soc/serial@10000000"; nil if absent.
func (n *Node) Find(path string) *Node {
	cur := n
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if part == "" {
			continue
		}
		if cur = cur.Child(part); cur == nil {
			return nil
		}
	}
	return cur
}

// Parse reads a DTB blob.
func Parse(blob []byte) (*Node, error) {
	if len(blob) < headerSize {
		return nil, fmt.Errorf("fdt: blob is %d bytes, shorter than the %d-byte header", len(blob), headerSize)
	}
	h := func(i int) uint32 { return binary.BigEndian.Uint32(blob[4*i:]) }
	if h(0) != Magic {
		return nil, fmt.Errorf("fdt: bad magic %#x at offset 0", h(0))
	}
	total, offStruct, offStrings := h(1), h(2), h(3)
	sizeStrings, sizeStruct := h(8), h(9)
	if uint64(total) > uint64(len(blob)) {
		return nil, fmt.Errorf("fdt: header says %d bytes, blob has %d", total, len(blob))
	}
	if uint64(offStruct)+uint64(sizeStruct) > uint64(total) || uint64(offStrings)+uint64(sizeStrings) > uint64(total) {
		return nil, errors.New("fdt: structure or strings block runs past the end of the blob")
	}
	p := parser{st: blob[offStruct : offStruct+sizeStruct], strs: blob[offStrings : offStrings+sizeStrings], base: offStruct}
	tok, err := p.token()
	for err == nil && tok == tokNop {
		tok, err = p.token()
	}
	if err != nil {
		return nil, err
	}
	if tok != tokBeginNode {
		return nil, fmt.Errorf("fdt: structure block starts with token %d, want BEGIN_NODE", tok)
	}
	root, err := p.node(0)
	if err != nil {
		return nil, err
	}
	return root, nil
}

type parser struct {
	st, strs []byte
	pos      int
	base     uint32
}

func (p *parser) errf(format string, a ...any) error {
	return fmt.Errorf("fdt: at offset %#x: %s", int(p.base)+p.pos, fmt.Sprintf(format, a...))
}

func (p *parser) token() (uint32, error) {
	if p.pos+4 > len(p.st) {
		return 0, p.errf("structure block ends without FDT_END")
	}
	v := binary.BigEndian.Uint32(p.st[p.pos:])
	p.pos += 4
	return v, nil
}

func (p *parser) cstring(b []byte, at int) (string, int, error) {
	if at < 0 || at > len(b) {
		return "", 0, p.errf("string offset %d out of range", at)
	}
	end := at
	for end < len(b) && b[end] != 0 {
		end++
	}
	if end == len(b) {
		return "", 0, p.errf("unterminated string")
	}
	return string(b[at:end]), end + 1, nil
}

const maxDepth = 64

// node parses a node whose BEGIN_NODE token has been consumed.
func (p *parser) node(depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.errf("nodes nested deeper than %d", maxDepth)
	}
	name, next, err := p.cstring(p.st, p.pos)
	if err != nil {
		return nil, err
	}
	p.pos = (next + 3) &^ 3
	n := &Node{Name: name}
	for {
		tok, err := p.token()
		if err != nil {
			return nil, err
		}
		switch tok {
		case tokNop:
		case tokProp:
			if p.pos+8 > len(p.st) {
				return nil, p.errf("truncated property header")
			}
			l := int(binary.BigEndian.Uint32(p.st[p.pos:]))
			nameOff := int(binary.BigEndian.Uint32(p.st[p.pos+4:]))
			p.pos += 8
			if l < 0 || l > len(p.st)-p.pos {
				return nil, p.errf("property value of %d bytes runs past the block", l)
			}
			pname, _, err := p.cstring(p.strs, nameOff)
			if err != nil {
				return nil, err
			}
			n.Props = append(n.Props, Property{Name: pname, Value: p.st[p.pos : p.pos+l]})
			p.pos = (p.pos + l + 3) &^ 3
		case tokBeginNode:
			c, err := p.node(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Children = append(n.Children, c)
		case tokEndNode:
			return n, nil
		default:
			return nil, p.errf("unexpected token %d", tok)
		}
	}
}

// Dump renders a tree in a dtc-like text form, one property per line, with
// values shown as strings when printable and as cells otherwise. Tests keep
// it as a golden file.
func Dump(n *Node) string {
	var sb strings.Builder
	dump(&sb, n, 0)
	return sb.String()
}

func dump(sb *strings.Builder, n *Node, depth int) {
	ind := strings.Repeat("\t", depth)
	name := n.Name
	if name == "" {
		name = "/"
	}
	fmt.Fprintf(sb, "%s%s {\n", ind, name)
	for _, p := range n.Props {
		fmt.Fprintf(sb, "%s\t%s%s;\n", ind, p.Name, formatValue(p.Value))
	}
	for _, c := range n.Children {
		dump(sb, c, depth+1)
	}
	fmt.Fprintf(sb, "%s};\n", ind)
}

func formatValue(v []byte) string {
	if len(v) == 0 {
		return ""
	}
	if isStrings(v) {
		parts := strings.Split(string(v[:len(v)-1]), "\x00")
		return ` = "` + strings.Join(parts, `", "`) + `"`
	}
	if len(v)%4 == 0 {
		var cells []string
		for i := 0; i < len(v); i += 4 {
			cells = append(cells, fmt.Sprintf("%#x", binary.BigEndian.Uint32(v[i:])))
		}
		return " = <" + strings.Join(cells, " ") + ">"
	}
	return fmt.Sprintf(" = [% x]", v)
}

func isStrings(v []byte) bool {
	if v[len(v)-1] != 0 || v[0] == 0 {
		return false
	}
	for i, c := range v {
		if c == 0 {
			if i > 0 && v[i-1] == 0 {
				return false
			}
			continue
		}
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
