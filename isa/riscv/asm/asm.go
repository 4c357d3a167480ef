package asm

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Options controls an assembly.
type Options struct {
	// March is the -march string; compression is on when it names the C
	// extension (rv64gc, rv64imac). Default "rv64gc".
	March string
	// TextBase is the address of the first text byte. Default 0x8000_0000.
	TextBase uint64
	// MaxErrors stops the assembly after this many errors. Default 20.
	MaxErrors int
	// Lookup, when set, gives the address of a symbol the source uses but
	// does not define, such as a label of the program already in memory
	// when the screen assembles one instruction. Its values are absolute
	// constants. A name it does not know stays undefined (an error).
	Lookup func(name string) (uint64, bool)
}

// LineOption adjusts how AssembleLine assembles its instruction.
type LineOption func(*Options)

// WithSymbols lets AssembleLine use the symbols lookup knows (typically the
// loaded program's), so that "j putdec" or "la a0, msg" can be patched in.
func WithSymbols(lookup func(name string) (uint64, bool)) LineOption {
	return func(o *Options) { o.Lookup = lookup }
}

// external resolves a name the source does not define through
// Options.Lookup. Internal names (numeric labels, captured dots) are never
// looked up.
func (a *assembler) external(name string) (int64, bool) {
	if a.opt.Lookup == nil || strings.ContainsAny(name, "\x01\x02\x03") {
		return 0, false
	}
	if s, ok := a.syms[name]; ok && s.defined {
		return 0, false
	}
	v, ok := a.opt.Lookup(name)
	return int64(v), ok
}

func (o *Options) defaults() {
	if o.March == "" {
		o.March = "rv64gc"
	}
	if o.TextBase == 0 {
		o.TextBase = 0x8000_0000
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = 20
	}
}

func marchHasC(m string) bool {
	m = strings.ToLower(m)
	m = strings.TrimPrefix(strings.TrimPrefix(m, "rv64"), "rv32")
	if i := strings.IndexByte(m, '_'); i >= 0 {
		m = m[:i]
	}
	return strings.ContainsRune(m, 'c')
}

// Section is one output section of the linked program.
type Section struct {
	Name   string // .text, .rodata, .data or .bss
	Addr   uint64
	Size   uint64
	Align  uint64 // bytes
	Data   []byte // nil for .bss
	Exec   bool
	Write  bool
	NoBits bool
}

// Symbol is a label or an .equ/.set symbol of the program.
type Symbol struct {
	Name    string
	Value   uint64
	Section string // output section name, or "" for an absolute symbol
	Global  bool
	Func    bool // declared with .type sym, @function
	Object  bool // declared with .type sym, @object
	Size    uint64
}

// LineEntry maps the address of an instruction to its source line.
type LineEntry struct {
	Addr uint64
	Line int
}

// Program is the linked result of an assembly.
type Program struct {
	File     string
	Sections []*Section // in address order; empty sections are left out
	Symbols  []Symbol   // sorted by address, then name
	Lines    []LineEntry
	Entry    uint64
	RVC      bool // compressed instructions are present (ELF e_flags RVC)
	// Warnings are the diagnostics that did not stop the assembly (a
	// value truncated to its field, a shift count out of range), in the
	// order found; each has Warning set. GNU as warns about the same.
	Warnings []*Error
}

// Section returns the output section with the given name, or nil.
func (p *Program) Section(name string) *Section {
	for _, s := range p.Sections {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Lookup returns the value of a symbol.
func (p *Program) Lookup(name string) (uint64, bool) {
	for _, s := range p.Symbols {
		if s.Name == name {
			return s.Value, true
		}
	}
	return 0, false
}

type outKind int

const (
	outText outKind = iota
	outRodata
	outData
	outBss
)

var outNames = [...]string{".text", ".rodata", ".data", ".bss"}

type inSection struct {
	name  string
	out   outKind
	align uint64
	items []*item
	size  uint64
	addr  uint64
}

type itemKind int

const (
	itInst itemKind = iota
	itData
	itAlign
	itRelax
	itSpace
)

type fixKind int

const (
	fxNone    fixKind = iota
	fxI               // I-type immediate
	fxS               // S-type immediate
	fxU               // U-type immediate
	fxB               // branch offset to an absolute target
	fxJ               // jal offset to an absolute target
	fxCB              // c.beqz/c.bnez offset
	fxCJ              // c.j offset
	fxLoPrevI         // I immediate: low part of (target - address of the previous part)
	fxLoPrevS         // S immediate, likewise
)

type part struct {
	bits uint32
	size int
	fix  fixKind
	e    *expr
	col  int
}

type dataFix struct {
	off   int
	width int
	e     *expr
	col   int
}

type relaxInfo struct {
	jump   bool
	word   uint32 // the 32-bit branch or jal without its offset
	rs1    int
	cOK    bool // GNU as matched a compressed form (c.beqz/c.bnez/c.j)
	target *expr
	length int
}

type item struct {
	kind   itemKind
	st     *stmt
	col    int
	name   string
	parts  []part
	data   []byte
	dfix   []dataFix
	align  uint64
	fill   int // -1: code padding (nops)
	maxPad uint64
	noop   bool // a code alignment too small to matter (gas ignores it)
	relax  bool // .option relax was on where the alignment was written
	rx     *relaxInfo
	n      uint64
	fillB  byte
	off    uint64
	size   uint64
	inst   bool
}

type symKind int

const (
	symLabel symKind = iota
	symEqu
)

type symbol struct {
	name    string
	kind    symKind
	defined bool
	sec     *inSection
	idx     int
	e       *expr
	cval    int64
	isConst bool // an .equ whose value was known where it was defined
	global  bool
	typ     string
	sizeE   *expr
	st      *stmt
	col     int
	busy    bool
	failed  bool // its value could not be computed; the error is reported
}

type optState struct {
	rvc   bool
	relax bool
}

type assembler struct {
	file    string
	opt     Options
	errs    ErrorList
	warns   []*Error
	warned  map[string]bool // file:line:col:msg already warned about
	secs    []*inSection
	secByNm map[string]*inSection
	cur     *inSection
	prev    *inSection
	stack   []*inSection
	syms    map[string]*symbol
	symOrd  []string
	numDefs map[int]int
	opts    optState
	optStk  []optState
	st      *stmt
	hasC    bool
	usedC   bool
	pcrelHi map[uint64]*part
	pcrelPC map[*part]uint64
	done    bool
}

// recovered, when set (by tests), is told of every panic Assemble turns
// into an error, including those hidden behind the errors already found.
var recovered func(r any)

// Assemble assembles and links one source file. On failure the error is an
// ErrorList naming every problem found (up to Options.MaxErrors).
func Assemble(filename string, src []byte, opt Options) (prog *Program, err error) {
	opt.defaults()
	a := newAssembler(filename, opt)
	defer func() {
		// A bug must not take the whole workstation down: report it as an
		// error in the file instead.
		if r := recover(); r != nil {
			if recovered != nil {
				recovered(r)
			}
			if len(a.errs) > 0 {
				// Most likely a consequence of the errors already found
				// (layout runs on a program with holes): report those.
				prog, err = nil, a.failure(src)
				return
			}
			prog, err = nil, ErrorList{{File: filename, Line: 1, Col: 1, Msg: fmt.Sprintf("internal assembler error: %v", r)}}
		}
	}()
	stmts := splitSource(src)
	for i := range stmts {
		if a.done {
			break
		}
		a.statement(&stmts[i])
		if len(a.errs) >= opt.MaxErrors {
			return nil, a.failure(src)
		}
	}
	// Lay out and link even after errors: undefined symbols, branches out
	// of reach and the like are found only there, and a student should
	// see all mistakes in one run. A statement with an error emitted
	// nothing, so addresses after it are off, but only by its size.
	a.layout()
	p := a.link()
	if len(a.errs) > 0 {
		return nil, a.failure(src)
	}
	p.Warnings = a.warns
	return p, nil
}

// AssembleLine assembles one instruction (or pseudo-instruction) as if it
// were placed at pc, for the screen's "assemble into memory" command. A
// branch or jump target written as a number is an absolute address, and
// so is a symbol resolved through WithSymbols. The
// instruction is not compressed unless written as c.*: patching memory
// should keep the width the user typed.
func AssembleLine(text string, pc uint64, options ...LineOption) (out []byte, err error) {
	const file = "<input>"
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &Error{File: file, Line: 1, Col: 1, Msg: fmt.Sprintf("internal assembler error: %v", r), Source: text}
		}
	}()
	if pc%2 != 0 {
		return nil, &Error{File: file, Line: 1, Col: 1, Msg: fmt.Sprintf("address 0x%x is not 2-byte aligned", pc), Source: text}
	}
	if strings.ContainsAny(text, "\n") {
		return nil, &Error{File: file, Line: 1, Col: 1, Msg: "one instruction expected, got several lines", Source: text}
	}
	opt := Options{TextBase: pc}
	for _, o := range options {
		o(&opt)
	}
	opt.defaults()
	opt.TextBase = pc
	a := newAssembler(file, opt)
	a.opts.rvc = false
	stmts := splitSource([]byte(text))
	if len(stmts) != 1 {
		return nil, &Error{File: file, Line: 1, Col: 1, Msg: "one instruction expected", Source: text}
	}
	a.statement(&stmts[0])
	if len(a.errs) == 0 {
		if len(a.cur.items) != 1 || a.cur.name != ".text" || a.otherItems() || (a.cur.items[0].kind != itInst && a.cur.items[0].kind != itRelax) || len(a.syms) != 0 {
			a.errorf(stmts[0].start, "one instruction expected (no labels or directives)")
		}
	}
	if len(a.errs) > 0 {
		return nil, a.errs
	}
	a.layout()
	p := a.link()
	if len(a.errs) > 0 {
		return nil, a.errs
	}
	it := a.cur.items[0]
	return p.Section(".text").Data[:it.size], nil
}

// otherItems reports whether a section other than the current one has
// contents.
func (a *assembler) otherItems() bool {
	for _, s := range a.secs {
		if s != a.cur && len(s.items) > 0 {
			return true
		}
	}
	return false
}

func newAssembler(file string, opt Options) *assembler {
	a := &assembler{
		file:    file,
		opt:     opt,
		secByNm: map[string]*inSection{},
		syms:    map[string]*symbol{},
		numDefs: map[int]int{},
		hasC:    marchHasC(opt.March),
	}
	// Linker relaxation is off: vmcore is assembler and linker in one and
	// resolves everything itself, like "as -mno-relax" + "ld --no-relax".
	a.opts = optState{rvc: a.hasC}
	// GNU as creates .text, .data and .bss before reading the source, so
	// in its object they come first whatever order the source names
	// sections in, and ld (whose script lists ".data .data.* .sdata ..."
	// in one pattern) keeps the object's order: .data before a .sdata
	// that the source wrote first. Creating them here gives that order.
	a.cur = a.section(".text", outText)
	a.section(".data", outData)
	a.section(".bss", outBss)
	return a
}

func (a *assembler) section(name string, out outKind) *inSection {
	if s, ok := a.secByNm[name]; ok {
		return s
	}
	s := &inSection{name: name, out: out, align: 1}
	if out == outText {
		s.align = 4
		if a.hasC {
			s.align = 2
		}
	}
	a.secs = append(a.secs, s)
	a.secByNm[name] = s
	return s
}

func (a *assembler) errorf(col int, format string, args ...any) {
	a.addErr(a.st, col, fmt.Sprintf(format, args...))
}

func (a *assembler) addErr(st *stmt, col int, msg string) {
	if len(a.errs) >= a.opt.MaxErrors {
		return
	}
	e := &Error{File: a.file, Line: 1, Col: col + 1, Msg: msg}
	if st != nil {
		e.Line = st.line
		e.Source = st.orig
	}
	a.errs = append(a.errs, e)
}

// cppHint puts a first error in front of errs when the file is a .S file
// written for the C preprocessor: its #include and #define lines are
// comments to an assembler, so the real errors (an unknown macro used as
// an instruction) would not say what is wrong.
func (a *assembler) cppHint(src []byte, errs ErrorList) ErrorList {
	if !strings.HasSuffix(a.file, ".S") {
		return errs
	}
	for n, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "#") {
			continue
		}
		d := strings.Fields(strings.TrimSpace(t[1:]))
		if len(d) == 0 {
			continue
		}
		switch d[0] {
		case "include", "define", "if", "ifdef", "ifndef", "undef":
		default:
			continue
		}
		hint := &Error{File: a.file, Line: n + 1, Col: strings.Index(line, "#") + 1, Source: strings.TrimRight(line, "\r"),
			Msg: fmt.Sprintf("this .S file needs the C preprocessor (#%s), which vmcore does not run; preprocess it first: riscv64-unknown-elf-cpp %s -o FILE.s (or gcc -E)", d[0], a.file)}
		out := append(ErrorList{hint}, errs...)
		// The hint counts against MaxErrors; warnings do not.
		for i := len(out) - 1; i > 0 && countErrors(out) > a.opt.MaxErrors; i-- {
			if !out[i].Warning {
				out = append(out[:i], out[i+1:]...)
			}
		}
		return out
	}
	return errs
}

// sortedErrs returns the errors in source order: those found while
// linking come after the statement pass but may belong to earlier lines.
func (a *assembler) sortedErrs() ErrorList {
	sortByPos(a.errs)
	return a.errs
}

// failure is what a failed Assemble returns: the errors and, beside them
// in line order, the warnings, as GNU as prints both (a truncated .byte
// may be the very mistake to fix), behind the C preprocessor hint if any.
func (a *assembler) failure(src []byte) ErrorList {
	out := append(ErrorList{}, a.sortedErrs()...)
	warns := append([]*Error(nil), a.warns...)
	sortByPos(warns)
	out = append(out, warns...)
	// Stable: at one position an error stays before a warning.
	sortByPos(out)
	return a.cppHint(src, out)
}

// sortByPos sorts diagnostics by line, then column, keeping the order of
// those at the same place.
func sortByPos(l []*Error) {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Col < l[j].Col
	})
}

// countErrors counts the entries of l that are errors, not warnings.
func countErrors(l ErrorList) int {
	n := 0
	for _, e := range l {
		if !e.Warning {
			n++
		}
	}
	return n
}

// warnf records a warning at a column of the current statement. An
// expression may be evaluated more than once (constNow, then after
// layout), so a warning already given at the same place is dropped.
func (a *assembler) warnf(col int, format string, args ...any) {
	e := &Error{File: a.file, Line: 1, Col: col + 1, Msg: fmt.Sprintf(format, args...), Warning: true}
	if a.st != nil {
		e.Line, e.Source = a.st.line, a.st.orig
	}
	key := fmt.Sprintf("%d:%d:%s", e.Line, e.Col, e.Msg)
	if a.warned == nil {
		a.warned = map[string]bool{}
	}
	if a.warned[key] {
		return
	}
	a.warned[key] = true
	a.warns = append(a.warns, e)
}

func (a *assembler) report(err error) {
	var pe *posErr
	if errors.As(err, &pe) {
		if pe == errReported {
			return
		}
		a.errorf(pe.col, "%s", pe.msg)
		return
	}
	a.errorf(a.st.start, "%s", err.Error())
}

func (a *assembler) add(it *item) {
	it.st = a.st
	a.cur.items = append(a.cur.items, it)
}

// statement handles one statement: labels, then a directive, an
// assignment or an instruction.
func (a *assembler) statement(st *stmt) {
	a.st = st
	c := &cursor{s: st.src, pos: st.start, end: st.end}
	for {
		c.skipSpace()
		save := c.pos
		if isDigit(c.peek()) {
			st0 := c.pos
			for c.pos < c.end && isDigit(c.s[c.pos]) {
				c.pos++
			}
			if c.peek() == ':' {
				n, err := strconv.Atoi(c.s[st0:c.pos])
				if err != nil {
					a.errorf(st0, "bad numeric label")
					return
				}
				c.pos++
				a.numDefs[n]++
				a.defineLabel(numLabelName(n, a.numDefs[n]), st0)
				continue
			}
			c.pos = save
			break
		}
		name := c.ident()
		if name != "" && c.peek() == ':' {
			c.pos++
			a.defineLabel(name, save)
			continue
		}
		c.pos = save
		break
	}
	if c.atEnd() {
		return
	}
	col := c.pos
	name := c.ident()
	if name == "" {
		a.errorf(col, "expected an instruction or directive, got '%s'", firstWord(c.s[col:c.end]))
		return
	}
	c.skipSpace()
	if c.peek() == '=' && !strings.HasPrefix(c.s[c.pos:], "==") {
		c.pos++
		a.assign(name, col, c)
		return
	}
	if strings.HasPrefix(name, ".") {
		if _, ok := table[name]; !ok {
			a.directive(strings.ToLower(name), col, c)
			return
		}
	}
	a.instruction(name, col, c)
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t,"); i >= 0 {
		return s[:i]
	}
	return s
}

func numLabelName(n, inst int) string { return fmt.Sprintf("%d\x02%d", n, inst) }

// exprParser returns a parser for the cursor with numeric labels resolved
// relative to the current statement.
func (a *assembler) parser(c *cursor) *exprParser {
	return &exprParser{c: c, numLabel: func(n int, fwd bool) string {
		k := a.numDefs[n]
		if fwd {
			k++
		}
		return numLabelName(n, k)
	}}
}

func (a *assembler) parseExpr(text string, col int) (*expr, error) {
	// Pad so that positions in the text are columns of the line.
	c := &cursor{s: strings.Repeat(" ", col) + text, pos: col, end: col + len(text)}
	e, err := a.parser(c).parse()
	if err != nil {
		return nil, err
	}
	if !c.atEnd() {
		return nil, errAt(c.pos, "unexpected '%s' after expression", strings.TrimSpace(c.s[c.pos:c.end]))
	}
	return e, nil
}

func (a *assembler) sym(name string) *symbol {
	s, ok := a.syms[name]
	if !ok {
		s = &symbol{name: name}
		a.syms[name] = s
		a.symOrd = append(a.symOrd, name)
	}
	return s
}

func (a *assembler) defineLabel(name string, col int) {
	s := a.sym(name)
	if s.defined {
		a.errorf(col, "symbol '%s' is already defined (line %d)", displayName(name), s.st.line)
		return
	}
	s.defined, s.kind, s.sec, s.idx, s.st, s.col = true, symLabel, a.cur, len(a.cur.items), a.st, col
}

func displayName(n string) string {
	if i := strings.IndexByte(n, 2); i >= 0 {
		return n[:i]
	}
	return strings.TrimPrefix(n, "\x01")
}

func (a *assembler) assign(name string, col int, c *cursor) {
	rest := strings.TrimSpace(c.s[c.pos:c.end])
	lead := c.pos + strings.Index(c.s[c.pos:c.end], rest)
	if rest == "" {
		a.errorf(c.end, "expected an expression after '='")
		return
	}
	e, err := a.parseExpr(rest, lead)
	if err != nil {
		a.report(err)
		a.setSym(name, col, &expr{op: 'n'}) // as for .equ: no follow-on errors
		return
	}
	a.setSym(name, col, e)
}

func (a *assembler) setSym(name string, col int, e *expr) {
	s := a.sym(name)
	if s.defined && s.kind == symLabel {
		a.errorf(col, "symbol '%s' is already defined as a label (line %d)", name, s.st.line)
		return
	}
	s.defined, s.kind, s.st, s.col = true, symEqu, a.st, col
	// A constant is frozen here (.set may redefine it later); anything that
	// depends on labels is kept as an expression and evaluated after layout.
	if v, ok := a.constNow(e); ok {
		s.cval, s.isConst, s.e = v, true, &expr{op: 'n', val: v}
	} else {
		s.isConst, s.e = false, e
		if a.cur != nil && exprUsesDot(e) {
			// "." means the location of the assignment.
			s.e = substDot(e, a.cur, len(a.cur.items))
		}
	}
}

func exprUsesDot(e *expr) bool {
	if e == nil {
		return false
	}
	return e.op == '.' || exprUsesDot(e.x) || exprUsesDot(e.y)
}

func substDot(e *expr, sec *inSection, idx int) *expr {
	if e == nil {
		return nil
	}
	if e.op == '.' {
		return &expr{op: 's', name: dotName(sec, idx), col: e.col}
	}
	c := *e
	c.x, c.y = substDot(e.x, sec, idx), substDot(e.y, sec, idx)
	return &c
}

func dotName(sec *inSection, idx int) string { return fmt.Sprintf("\x03%s\x03%d", sec.name, idx) }

// constNow evaluates e if it is a constant where it is written: numbers
// and symbols already set to constants, with no label or "." in it. GNU as
// makes the same distinction, and it decides whether an instruction may be
// compressed and how li expands.
func (a *assembler) constNow(e *expr) (int64, bool) { return a.constIn(e, true) }

// constIn is constNow; ext says whether symbols from Options.Lookup count
// as constants. They do for branch targets and immediates (absolute
// addresses), not for la/lla, which should stay pc-relative and short.
func (a *assembler) constIn(e *expr, ext bool) (int64, bool) {
	switch e.op {
	case 'n':
		return e.val, true
	case 's':
		s, ok := a.syms[e.name]
		if ok && s.defined && s.kind == symEqu && s.isConst {
			return s.cval, true
		}
		if !ext {
			return 0, false
		}
		return a.external(e.name)
	case 'u':
		x, ok := a.constIn(e.x, ext)
		if !ok {
			return 0, false
		}
		return unop(e.name, x), true
	case 'b':
		x, ok1 := a.constIn(e.x, ext)
		y, ok2 := a.constIn(e.y, ext)
		if !ok1 || !ok2 {
			return 0, false
		}
		v, err := a.binop(e, x, y)
		return v, err == nil
	case 'r':
		if e.name == "hi" || e.name == "lo" {
			x, ok := a.constIn(e.x, ext)
			if !ok {
				return 0, false
			}
			if e.name == "hi" {
				return hi20(x), true
			}
			return lo12(x), true
		}
	}
	return 0, false
}

func hi20(v int64) int64 { return ((v + 0x800) >> 12) & 0xfffff }
func lo12(v int64) int64 { return int64(int32(uint32(v)<<20) >> 20) }

func unop(op string, x int64) int64 {
	switch op {
	case "-":
		return -x
	case "~":
		return ^x
	case "!":
		if x == 0 {
			return 1
		}
		return 0
	}
	return x
}

// binop applies a binary operator with gas's 64-bit semantics: division,
// modulo and comparisons are signed, shifts are logical (gas computes on
// an unsigned valueT), a shift count outside 0..63 gives 0 with a warning,
// and a comparison yields -1 for true.
func (a *assembler) binop(e *expr, x, y int64) (int64, error) {
	truth := func(b bool) int64 {
		if b {
			return -1
		}
		return 0
	}
	switch e.name {
	case "+":
		return x + y, nil
	case "-":
		return x - y, nil
	case "*":
		return x * y, nil
	case "/", "%":
		if y == 0 {
			return 0, errAt(e.col, "division by zero")
		}
		if x == math.MinInt64 && y == -1 {
			if e.name == "/" {
				return x, nil
			}
			return 0, nil
		}
		if e.name == "/" {
			return x / y, nil
		}
		return x % y, nil
	case "<<", ">>":
		if uint64(y) > 63 {
			a.warnf(e.col, "shift count out of range (%d is not between 0 and 63)", y)
			return 0, nil
		}
		if e.name == "<<" {
			return x << uint(y), nil
		}
		return int64(uint64(x) >> uint(y)), nil
	case "&":
		return x & y, nil
	case "|":
		return x | y, nil
	case "^":
		return x ^ y, nil
	case "!":
		return x | ^y, nil
	case "==":
		return truth(x == y), nil
	case "!=", "<>":
		return truth(x != y), nil
	case "<":
		return truth(x < y), nil
	case ">":
		return truth(x > y), nil
	case "<=":
		return truth(x <= y), nil
	case ">=":
		return truth(x >= y), nil
	case "&&":
		return -truth(x != 0 && y != 0), nil
	case "||":
		return -truth(x != 0 || y != 0), nil
	}
	return 0, errAt(e.col, "unknown operator %s", e.name)
}

// symAddend splits a branch target into symbol + constant, as gas's
// relaxation needs; ok is false for anything more complex.
func symAddend(e *expr) (string, int64, bool) {
	switch e.op {
	case 's':
		return e.name, 0, true
	case 'b':
		if e.name == "+" || e.name == "-" {
			if s, k, ok := symAddend(e.x); ok && e.y.op == 'n' {
				if e.name == "-" {
					return s, k - e.y.val, true
				}
				return s, k + e.y.val, true
			}
			if e.name == "+" && e.x.op == 'n' {
				if s, k, ok := symAddend(e.y); ok {
					return s, k + e.x.val, true
				}
			}
		}
	}
	return "", 0, false
}

func sortSymbols(s []Symbol) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Value != s[j].Value {
			return s[i].Value < s[j].Value
		}
		return s[i].Name < s[j].Name
	})
}
