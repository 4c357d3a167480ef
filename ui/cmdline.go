package ui

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"vmcore/isa/riscv"
	"vmcore/isa/riscv/asm"
	"vmcore/themes"
)

// cmdHelp describes one `:` command for help: its syntax and what it does.
type cmdHelp struct{ name, syntax, what string }

// commandHelp lists the `:` commands in the order help shows them.
var commandHelp = []cmdHelp{
	{"break", "break ADDR|SYM [if COND]", "breakpoint, taken only when COND (REG OP VALUE, e.g. a0 == 3) holds"},
	{"delete", "delete N", "delete breakpoint or watchpoint N"},
	{"watch", "watch ADDR [LEN]", "stop after a write to any of LEN bytes (default 1) at ADDR"},
	{"x", "x/Nfu ADDR", "examine N units u (b h w g) as f: x d u o t c a f s i"},
	{"set", "set reg NAME VALUE | set mem ADDR VALUE [SIZE]", "write a register (x, pc, CSR; f as 1.5 or 0x bits) or memory"},
	{"asm", "asm ADDR INSTR", "assemble one instruction and write it at ADDR"},
	{"goto", "goto ICOUNT|ADDR", "a decimal number runs (or goes back) to that icount; 0x..., a symbol or a register shows that address"},
	{"theme", "theme NAME", "switch theme (" + strings.Join(themes.Names(), ", ") + ")"},
	{"help", "help [CMD]", "all keys and commands, or one command"},
	{"step", "step [N]", "step N instructions (default 1)"},
	{"next", "next", "step over a call"},
	{"finish", "finish", "run until the current function returns"},
	{"continue", "continue", "run until a breakpoint, a watchpoint or an exit"},
	{"pause", "pause", "stop a running VM"},
	{"snapshot", "snapshot", "store a machine snapshot in the session"},
	{"events", "events [TYPE]", "show only events of TYPE in the events pane (none: all)"},
	{"regs", "regs [x|csr|f]", "registers pane: integer registers, CSRs or f registers"},
	{"attach", "attach SPEC", "hot-plug a virtio device: blk:file=F[,readonly], rng[:seed=N], console"},
	{"detach", "detach SLOT", "unplug the device in a virtio slot"},
	{"quit", "quit", "leave vmcore"},
}

// commandNames are the `:` commands, for completion.
var commandNames = func() []string {
	out := make([]string, len(commandHelp))
	for i, c := range commandHelp {
		out[i] = c.name
	}
	return out
}()

// commandAliases are the short names execute also takes.
var commandAliases = map[string]string{"b": "break", "d": "delete", "g": "goto", "h": "help", "s": "step",
	"si": "step", "stepi": "step", "n": "next", "c": "continue", "q": "quit"}

// helpFor describes one command, by its name or an alias.
func helpFor(name string) (cmdHelp, bool) {
	if strings.HasPrefix(name, "x/") {
		name = "x"
	}
	if full, ok := commandAliases[name]; ok {
		name = full
	}
	for _, c := range commandHelp {
		if c.name == name {
			return c, true
		}
	}
	return cmdHelp{}, false
}

// attachKinds start a device spec, for completion; those ending in '='
// want a value typed after them.
var attachKinds = []string{"blk:file=", "rng", "rng:seed=", "console"}

// eventTypes are the event types the events pane may show, for
// completing the events filter.
var eventTypes = []string{"Started", "Paused", "Resumed", "Stopped", "Halted", "Failed", "ConsoleInput",
	"MemoryPatched", "RegisterPatched", "BreakpointAdded", "BreakpointRemoved", "Checkpoint",
	"SnapshotTaken", "DeviceAttached", "DeviceDetached", "Running", "Dropped"}

const maxHistory = 100

func (m *Model) openCmd(prefill string) {
	m.cmdOn = true
	m.cmd.SetValue(prefill)
	m.cmd.CursorEnd()
	m.cmd.Focus()
	m.histPos = len(m.history)
}

func (m *Model) closeCmd() {
	m.cmdOn = false
	m.cmd.Blur()
	m.cmd.SetValue("")
}

func (m *Model) cmdKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc, tea.KeyCtrlC:
		m.closeCmd()
		return nil
	case tea.KeyEnter:
		line := strings.TrimSpace(m.cmd.Value())
		m.closeCmd()
		if line == "" {
			return nil
		}
		if len(m.history) == 0 || m.history[len(m.history)-1] != line {
			m.history = append(m.history, line)
			if len(m.history) > maxHistory {
				m.history = m.history[1:]
			}
		}
		return m.execute(line)
	case tea.KeyUp:
		if m.histPos > 0 {
			m.histPos--
			m.cmd.SetValue(m.history[m.histPos])
			m.cmd.CursorEnd()
		}
		return nil
	case tea.KeyDown:
		if m.histPos < len(m.history)-1 {
			m.histPos++
			m.cmd.SetValue(m.history[m.histPos])
		} else {
			m.histPos = len(m.history)
			m.cmd.SetValue("")
		}
		m.cmd.CursorEnd()
		return nil
	case tea.KeyTab:
		m.complete()
		return nil
	}
	var cmd tea.Cmd
	m.cmd, cmd = m.cmd.Update(msg)
	return cmd
}

// completions lists what may follow the words already typed.
func (m *Model) completions(words []string) []string {
	if len(words) <= 1 {
		return commandNames
	}
	switch words[0] {
	case "theme":
		return themes.Names()
	case "set":
		if len(words) == 2 {
			return []string{"reg", "mem"}
		}
		if words[1] == "reg" && len(words) == 3 {
			return append(slices.Clone(riscv.ABINames[:]), "pc")
		}
	case "delete":
		var ids []string
		for _, bp := range m.brk.list {
			ids = append(ids, strconv.Itoa(bp.ID))
		}
		return ids
	case "regs":
		return regsViewNames
	case "events":
		return eventTypes
	case "attach":
		if len(words) == 2 {
			return attachKinds
		}
		return nil
	case "detach":
		var slots []string
		if hp, ok := m.be.(Hotplugger); ok {
			for _, s := range hp.VirtioSlots() {
				slots = append(slots, strconv.Itoa(s.Slot))
			}
		}
		return slots
	}
	regs := append(slices.Clone(riscv.ABINames[:]), "pc")
	return append(regs, m.be.SymbolNames()...)
}

// complete extends the last word to the longest prefix shared by its
// candidates, and lists them when there is more than one.
func (m *Model) complete() {
	v := m.cmd.Value()
	words := strings.Fields(v)
	if strings.HasSuffix(v, " ") || len(words) == 0 {
		words = append(words, "")
	}
	last := words[len(words)-1]
	var match []string
	for _, c := range m.completions(words) {
		if strings.HasPrefix(c, last) {
			match = append(match, c)
		}
	}
	if len(match) == 0 {
		m.setMsg("no completion for "+strconv.Quote(last), true)
		return
	}
	pre := match[0]
	for _, c := range match[1:] {
		for !strings.HasPrefix(c, pre) {
			pre = pre[:len(pre)-1]
		}
	}
	head := v[:len(v)-len(last)]
	if len(match) == 1 && !strings.HasSuffix(pre, "=") {
		pre += " "
	} else {
		show := match
		if len(show) > 20 {
			show = append(show[:20:20], fmt.Sprintf("… %d more", len(match)-20))
		}
		m.setMsg(strings.Join(show, "  "), false)
	}
	m.cmd.SetValue(head + pre)
	m.cmd.CursorEnd()
}

// execute runs one command line.
func (m *Model) execute(line string) tea.Cmd {
	words := strings.Fields(line)
	name, args := words[0], words[1:]
	m.setMsg("", false) // a command's outcome replaces what was said before it
	fail := func(err error) tea.Cmd {
		m.setMsg(err.Error(), true)
		return nil
	}
	switch {
	case name == "break" || name == "b":
		if len(args) == 0 {
			return fail(errors.New("usage: break ADDR|SYM [if COND]"))
		}
		cond := ""
		if len(args) > 1 {
			if args[1] != "if" || len(args) < 3 {
				return fail(errors.New("usage: break ADDR|SYM [if COND]"))
			}
			cond = strings.Join(args[2:], " ")
		}
		a, err := m.eval(args[0])
		if err != nil {
			return fail(err)
		}
		bp, err := m.be.AddBreakpoint(a, cond)
		if err != nil {
			return fail(err)
		}
		m.setMsg(fmt.Sprintf("breakpoint %d at %s", bp.ID, m.addrName(a)), false)
		m.brk.refresh(m)
	case name == "delete" || name == "d":
		if len(args) != 1 {
			return fail(errors.New("usage: delete N"))
		}
		id, err := strconv.Atoi(args[0])
		if err != nil {
			return fail(fmt.Errorf("delete: %q is not a breakpoint number", args[0]))
		}
		if err := m.be.RemoveBreakpoint(id); err != nil {
			return fail(err)
		}
		m.setMsg(fmt.Sprintf("deleted %d", id), false)
		m.brk.refresh(m)
	case name == "watch":
		if len(args) < 1 || len(args) > 2 {
			return fail(errors.New("usage: watch ADDR [LEN]"))
		}
		a, err := m.eval(args[0])
		if err != nil {
			return fail(err)
		}
		n := uint64(1)
		if len(args) == 2 {
			if n, err = parseNum(args[1]); err != nil || n == 0 {
				return fail(fmt.Errorf("watch: bad length %q", args[1]))
			}
		}
		bp, err := m.be.AddWatchpoint(a, n)
		if err != nil {
			return fail(err)
		}
		m.setMsg(fmt.Sprintf("watchpoint %d on %#x (%d bytes)", bp.ID, a, n), false)
		m.brk.refresh(m)
	case name == "x" || strings.HasPrefix(name, "x/"):
		out, err := m.examine(name, args)
		if err != nil {
			return fail(err)
		}
		m.output = out
	case name == "set":
		return m.setCmd(args)
	case name == "asm":
		return m.asmCmd(args)
	case name == "goto" || name == "g":
		if len(args) != 1 {
			return fail(errors.New("usage: goto ICOUNT|ADDR (a decimal number is an icount; 0x..., a symbol or a register is an address)"))
		}
		if cmd, ok := m.gotoIcount(args[0]); ok {
			return cmd
		}
		a, err := m.eval(args[0])
		if err != nil {
			return fail(err)
		}
		m.gotoTarget(args[0], a)
	case name == "theme":
		if len(args) != 1 {
			return fail(fmt.Errorf("usage: theme NAME (one of %s)", strings.Join(themes.Names(), ", ")))
		}
		if err := m.SetTheme(args[0]); err != nil {
			return fail(err)
		}
		m.setMsg("theme "+m.th.Name, false)
	case name == "events":
		m.ev.filter = ""
		if len(args) > 0 {
			m.ev.filter = strings.ToLower(args[0])
		}
		m.touch(paneEvents)
	case name == "regs":
		return m.regsCmd(args)
	case name == "attach":
		return m.attachCmd(args)
	case name == "detach":
		return m.detachCmd(args)
	case name == "help" || name == "h":
		if len(args) == 0 {
			m.showHelp, m.helpCmds = true, true
			return nil
		}
		c, ok := helpFor(args[0])
		if !ok {
			return fail(fmt.Errorf("help: no command %q (help lists them all)", args[0]))
		}
		m.setLongMsg(c.syntax+"  —  "+c.what, false)
	case name == "step" || name == "s" || name == "stepi" || name == "si":
		n := uint64(1)
		if len(args) == 1 {
			var err error
			if n, err = parseNum(args[0]); err != nil || n == 0 {
				return fail(fmt.Errorf("step: bad count %q", args[0]))
			}
		}
		return m.control("step", func() error { return m.be.Step(n) })
	case name == "next" || name == "n":
		return m.control("next", m.be.Next)
	case name == "finish":
		return m.control("finish", m.be.Finish)
	case name == "continue" || name == "c":
		return m.control("continue", m.be.Continue)
	case name == "pause":
		return m.control("pause", m.be.Pause)
	case name == "snapshot":
		sn, ok := m.be.(Snapshotter)
		if !ok {
			return fail(errors.New("snapshot: this view cannot store snapshots"))
		}
		n, size, err := sn.TakeSnapshot()
		if err != nil {
			return fail(err)
		}
		m.setMsg(fmt.Sprintf("snapshot at icount %d (%d KiB) stored in the session", n, size>>10), false)
	case name == "quit" || name == "q":
		m.quitting = true
		return tea.Quit
	default:
		return fail(fmt.Errorf("unknown command %q; try help or tab", name))
	}
	return nil
}

// regsCmd switches the registers pane's view: regs x|csr|f, or with no
// argument the next view.
func (m *Model) regsCmd(args []string) tea.Cmd {
	switch len(args) {
	case 0:
		m.regs.setView((m.regs.view + 1) % regsView(len(regsViewNames)))
	case 1:
		i := slices.Index(regsViewNames, strings.ToLower(args[0]))
		if i < 0 {
			m.setMsg(fmt.Sprintf("regs: unknown view %q (want %s)", args[0], strings.Join(regsViewNames, ", ")), true)
			return nil
		}
		m.regs.setView(regsView(i))
	default:
		m.setMsg("usage: regs [x|csr|f]", true)
		return nil
	}
	m.touch(paneRegs)
	m.setMsg("registers: "+[]string{"integer registers", "CSRs", "f registers"}[m.regs.view], false)
	return nil
}

// attachUsage says how to attach a device.
const attachUsage = "usage: attach SPEC, e.g. attach blk:file=disk.img,readonly | attach rng[:seed=N] | attach console (add ,slot=N for a slot)"

// attachCmd plugs a virtio device into a free slot (or the spec's slot).
func (m *Model) attachCmd(args []string) tea.Cmd {
	if len(args) == 0 {
		m.setMsg(attachUsage, true)
		return nil
	}
	hp, ok := m.be.(Hotplugger)
	if !ok {
		m.setMsg("attach: this VM cannot hot-plug devices", true)
		return nil
	}
	spec := strings.Join(args, " ")
	slot, err := hp.AttachDevice(spec)
	if err != nil {
		m.setMsg("attach "+spec+": "+err.Error(), true)
		return nil
	}
	m.setMsg(fmt.Sprintf("attached %s in virtio slot %d", spec, slot), false)
	m.devicesChanged()
	return nil
}

// detachCmd unplugs the device in a virtio slot.
func (m *Model) detachCmd(args []string) tea.Cmd {
	if len(args) != 1 {
		m.setMsg("usage: detach SLOT (a virtio slot number; tab lists the occupied ones)", true)
		return nil
	}
	hp, ok := m.be.(Hotplugger)
	if !ok {
		m.setMsg("detach: this VM cannot hot-plug devices", true)
		return nil
	}
	slot, err := strconv.Atoi(args[0])
	if err != nil {
		m.setMsg(fmt.Sprintf("detach: %q is not a slot number", args[0]), true)
		return nil
	}
	if err := hp.DetachDevice(slot); err != nil {
		m.setMsg(fmt.Sprintf("detach %d: %v", slot, err), true)
		return nil
	}
	m.setMsg(fmt.Sprintf("detached the device in virtio slot %d", slot), false)
	m.devicesChanged()
	return nil
}

// devicesChanged re-reads the devices after a hot-plug, whatever the
// snapshot's generation says.
func (m *Model) devicesChanged() {
	m.sample()
	if src, ok := m.be.(DeviceSource); ok {
		m.dev.refresh(m, src, m.snap.Gen)
	}
}

// gotoTarget shows a in the focused view: memory if it has focus, else the
// disassembly. A register target makes the memory pane follow it.
func (m *Model) gotoTarget(expr string, a uint64) {
	if m.focus == paneMemory {
		m.mem.setAddr(m, a)
		m.mem.followReg, m.mem.followPC = -1, false
		if r, ok := regIndex(expr); ok {
			m.mem.followReg = r
			m.setMsg("memory follows "+expr, false)
		}
		return
	}
	m.setFocus(paneDisasm)
	m.dis.gotoAddr(m, a)
}

// asmCmd assembles one instruction and writes it at an address: the
// teaching loop of "what if this instruction were that one". It goes through
// the backend's memory write, so a recording VM records it like any edit.
func (m *Model) asmCmd(args []string) tea.Cmd {
	if len(args) < 2 {
		m.setMsg("usage: asm ADDR INSTRUCTION (e.g. asm pc addi a0, a0, 1)", true)
		return nil
	}
	a, err := m.eval(args[0])
	if err != nil {
		m.setMsg(err.Error(), true)
		return nil
	}
	// The program's symbols may be used as targets and addresses (j putdec).
	code, err := asm.AssembleLine(strings.Join(args[1:], " "), a, asm.WithSymbols(m.be.SymbolAddr))
	if err != nil {
		m.setMsg("asm: "+err.Error(), true)
		return nil
	}
	if err := m.be.WriteMemory(a, code); err != nil {
		m.setMsg(err.Error(), true)
		return nil
	}
	m.setMsg(fmt.Sprintf("assembled %d bytes at %s", len(code), m.addrName(a)), false)
	m.mem.refresh(m)
	m.touch(paneDisasm)
	return nil
}

func (m *Model) setCmd(args []string) tea.Cmd {
	fail := func(err error) tea.Cmd {
		m.setMsg(err.Error(), true)
		return nil
	}
	if len(args) < 3 {
		return fail(errors.New(setUsage))
	}
	switch args[0] {
	case "reg":
		name := strings.TrimPrefix(strings.ToLower(args[1]), "$")
		var v uint64
		var err error
		shown := ""
		switch {
		case isReg(name):
			v, err = m.eval(args[2])
		case isFReg(name):
			v, err = floatBits(args[2])
			if err == nil && !isHex(args[2]) {
				shown = " (" + args[2] + ")"
			}
		case isCSR(name):
			v, err = m.eval(args[2])
		default:
			return fail(fmt.Errorf("set reg: unknown register %q (x0-x31 or their ABI names, pc, f0-f31 or ft0…fa0…, or a CSR such as mstatus)", args[1]))
		}
		if err != nil {
			return fail(fmt.Errorf("set reg %s: %v", name, err))
		}
		if err := m.be.WriteRegister(name, v); err != nil {
			return fail(err)
		}
		// Echo what the register holds, not what was asked for: x0 stays
		// zero, frm keeps three bits, a CSR keeps its writable fields.
		m.sample()
		got, ok := m.readReg(name)
		if !ok {
			got = v
		}
		msg := fmt.Sprintf("%s = %#x%s", name, got, shown)
		if got != v {
			msg = fmt.Sprintf("%s = %#x (the register took %#x of %#x)", name, got, got, v)
		}
		m.setMsg(msg, false)
	case "mem":
		v, err := m.eval(args[2])
		if err != nil {
			return fail(err)
		}
		a, err := m.eval(args[1])
		if err != nil {
			return fail(err)
		}
		size := 1
		for size < 8 && v>>(8*size) != 0 {
			size *= 2
		}
		if len(args) == 4 {
			s, err := strconv.Atoi(args[3])
			if err != nil || (s != 1 && s != 2 && s != 4 && s != 8) {
				return fail(fmt.Errorf("set mem: size %q must be 1, 2, 4 or 8", args[3]))
			}
			size = s
		}
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], v)
		if err := m.be.WriteMemory(a, buf[:size]); err != nil {
			return fail(err)
		}
		m.setMsg(fmt.Sprintf("wrote %d bytes at %#x", size, a), false)
		m.mem.refresh(m)
	default:
		return fail(fmt.Errorf("set: unknown target %q (want reg or mem)", args[0]))
	}
	m.sample()
	m.touch(paneRegs, paneDisasm, paneAnatomy, paneMemory)
	return nil
}

// setUsage says how to use set.
const setUsage = "usage: set reg NAME VALUE | set mem ADDR VALUE [SIZE]"

// isReg says whether name is an integer register or pc.
func isReg(name string) bool {
	_, ok := regIndex(name)
	return ok
}

// isFReg says whether name is an f register (f0-f31, ft0, fa0, ...).
func isFReg(name string) bool {
	_, ok := fregIndex(name)
	return ok
}

// csrNums maps CSR names to numbers, built on first use.
var csrNums map[string]uint16

// isCSR says whether name is a CSR the disassembler knows by name.
func isCSR(name string) bool {
	if csrNums == nil {
		csrNums = map[string]uint16{}
		for n := range uint16(4096) {
			if s, ok := riscv.CSRName(n); ok {
				csrNums[s] = n
			}
		}
	}
	_, ok := csrNums[name]
	return ok
}

// readReg reads a register by name from the latest snapshot; ok is false
// for a CSR the snapshot does not hold.
func (m *Model) readReg(name string) (uint64, bool) {
	if i, ok := regIndex(name); ok {
		return m.regValue(i), true
	}
	if i, ok := fregIndex(name); ok {
		return m.snap.FRegs[i], m.snap.FPU
	}
	for _, cs := range [][]CSR{m.snap.CSRs, m.snap.FCSRs} {
		for _, c := range cs {
			if c.Name == name {
				return c.Value, true
			}
		}
	}
	return 0, false
}

// fregIndex maps an f register name (f10, fa0) to its number.
func fregIndex(name string) (int, bool) {
	name = strings.TrimPrefix(name, "$")
	if n, ok := strings.CutPrefix(name, "f"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < 32 && n == strconv.Itoa(i) {
			return i, true
		}
	}
	i := slices.Index(riscv.FNames[:], name)
	return i, i >= 0
}

// isHex says whether s is written as 0x... (raw bits).
func isHex(s string) bool {
	return strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X")
}

// canonicalNaN is RISC-V's canonical double NaN.
const canonicalNaN = 0x7ff8000000000000

// floatBits reads an f register value: 0x... is the raw bits, anything
// else a number (1.5, -2e-3, inf, nan) stored as a double.
func floatBits(s string) (uint64, error) {
	if isHex(s) {
		return parseNum(s)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is neither a number such as 1.5 nor raw bits such as 0x3ff8000000000000", s)
	}
	if math.IsNaN(f) {
		// Go's NaN has a payload bit set; RISC-V's canonical NaN (what
		// the FPU itself produces) has none.
		return canonicalNaN, nil
	}
	return math.Float64bits(f), nil
}

// examine implements x/Nfu ADDR: N units of size u (b, h, w, g) in format
// f, as gdb has them: x hex, d signed, u unsigned, o octal, t binary, c
// char, a address with its symbol, f float (w single, g double, the
// default), s string, i instructions.
func (m *Model) examine(name string, args []string) ([]string, error) {
	if len(args) != 1 {
		return nil, errors.New("usage: x/Nfu ADDR, e.g. x/8xw sp or x/4i pc")
	}
	count, format, unit := 1, byte('x'), 4
	unitSet := false
	if spec, ok := strings.CutPrefix(name, "x/"); ok {
		i := 0
		for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
			i++
		}
		if i > 0 {
			n, err := strconv.Atoi(spec[:i])
			if err != nil || n <= 0 || n > 4096 {
				return nil, fmt.Errorf("x: bad count %q (1..4096)", spec[:i])
			}
			count = n
		}
		for _, c := range []byte(spec[i:]) {
			switch c {
			case 'x', 'd', 'u', 'o', 't', 'c', 'a', 'f', 's', 'i':
				format = c
			case 'b':
				unit, unitSet = 1, true
			case 'h':
				unit, unitSet = 2, true
			case 'w':
				unit, unitSet = 4, true
			case 'g':
				unit, unitSet = 8, true
			default:
				return nil, fmt.Errorf("x: unknown format or size letter %q in %q", c, name)
			}
		}
	}
	a, err := m.eval(args[0])
	if err != nil {
		return nil, err
	}
	if format == 'i' {
		var out []string
		for _, l := range m.be.Disassemble(a, count) {
			out = append(out, fmt.Sprintf("%s:  %s", m.addrName(l.Addr), strings.Replace(l.Text, "\t", " ", 1)))
		}
		return out, nil
	}
	switch format {
	case 'c':
		unit = 1
	case 'a':
		unit = 8 // an address is a pointer
	case 'f':
		if !unitSet || (unit != 4 && unit != 8) {
			unit = 8
		}
	case 's':
		return m.examineStrings(a, count)
	}
	buf := make([]byte, count*unit)
	n, err := m.be.ReadMemory(a, buf)
	if n < len(buf) {
		if err == nil {
			err = errors.New("not readable")
		}
		return nil, fmt.Errorf("x: memory at %#x: %v", a+uint64(n), err)
	}
	perLine := max(1, 16/unit)
	var out []string
	var line strings.Builder
	for i := 0; i < count; i++ {
		if i%perLine == 0 {
			if i > 0 {
				out = append(out, line.String())
				line.Reset()
			}
			fmt.Fprintf(&line, "%#x:", a+uint64(i*unit))
		}
		var b [8]byte
		copy(b[:], buf[i*unit:(i+1)*unit])
		v := binary.LittleEndian.Uint64(b[:])
		switch format {
		case 'x':
			fmt.Fprintf(&line, " 0x%0*x", unit*2, v)
		case 'u':
			fmt.Fprintf(&line, " %d", v)
		case 'd':
			sh := 64 - 8*uint(unit)
			fmt.Fprintf(&line, " %d", int64(v<<sh)>>sh)
		case 'c':
			fmt.Fprintf(&line, " %d %s", byte(v), gdbChar(byte(v)))
		case 'o':
			fmt.Fprintf(&line, " 0%o", v)
		case 't':
			fmt.Fprintf(&line, " %0*b", unit*8, v)
		case 'a':
			fmt.Fprintf(&line, " %s", m.addrName(v))
		case 'f':
			f := math.Float64frombits(v)
			if unit == 4 {
				f = float64(math.Float32frombits(uint32(v)))
			}
			fmt.Fprintf(&line, " %s", strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return append(out, line.String()), nil
}

// gdbChar quotes a byte as GDB's x/c does: printable ASCII as itself, C's
// escapes by name, anything else as an octal escape ('\267'), never as
// the character the byte would be in Latin-1 or UTF-8.
func gdbChar(b byte) string {
	switch b {
	case '\\', '\'':
		return `'\` + string(rune(b)) + `'`
	case 0:
		return `'\000'`
	case '\a':
		return `'\a'`
	case '\b':
		return `'\b'`
	case '\t':
		return `'\t'`
	case '\n':
		return `'\n'`
	case '\v':
		return `'\v'`
	case '\f':
		return `'\f'`
	case '\r':
		return `'\r'`
	case 033:
		return `'\033'`
	}
	if b >= 0x20 && b < 0x7f {
		return "'" + string(rune(b)) + "'"
	}
	return fmt.Sprintf(`'\%03o'`, b)
}

// maxString bounds one string x/s reads, as gdb's "print elements".
const maxString = 200

// examineStrings implements x/Ns ADDR: n NUL-terminated strings one after
// the other, quoted, with a string that goes on past maxString bytes or
// into unreadable memory cut there and marked so.
func (m *Model) examineStrings(a uint64, n int) ([]string, error) {
	var out []string
	for range n {
		buf := make([]byte, maxString+1)
		got, _ := m.be.ReadMemory(a, buf)
		if got == 0 {
			if len(out) == 0 {
				return nil, fmt.Errorf("x: memory at %#x is not readable", a)
			}
			break
		}
		s := buf[:got]
		end, more := len(s), ""
		if i := slices.Index(s, 0); i >= 0 {
			end = i
		} else if got > maxString {
			end, more = maxString, "..."
		} else {
			more = " (unreadable after this)"
		}
		out = append(out, fmt.Sprintf("%s:  %q%s", m.addrName(a), s[:end], more))
		a += uint64(end) + 1
	}
	return out, nil
}

// regIndex maps a register name (x5, t0, fp, pc) to its number, 32 for pc.
// GDB's form ($sp, $pc) is accepted too, so that what works there works
// here.
func regIndex(s string) (int, bool) {
	s = strings.TrimPrefix(strings.ToLower(s), "$")
	if s == "pc" {
		return 32, true
	}
	if s == "fp" {
		return 8, true
	}
	if n, ok := strings.CutPrefix(s, "x"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < 32 && n == strconv.Itoa(i) {
			return i, true
		}
	}
	for i, n := range riscv.ABINames {
		if n == s {
			return i, true
		}
	}
	return 0, false
}

// parseNum reads 0x-hex, 0b-binary, 0o-octal or decimal.
func parseNum(s string) (uint64, error) {
	v, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		if iv, err2 := strconv.ParseInt(s, 0, 64); err2 == nil {
			return uint64(iv), nil
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// eval reads an address expression: a number, a register, a symbol, or
// one of those plus or minus a number ("main+0x10", "sp-16").
func (m *Model) eval(s string) (uint64, error) {
	if s == "" {
		return 0, errors.New("empty address")
	}
	if i := strings.LastIndexAny(s, "+-"); i > 0 {
		base, err := m.eval(s[:i])
		if err != nil {
			return 0, err
		}
		off, err := parseNum(s[i+1:])
		if err != nil {
			return 0, fmt.Errorf("bad offset in %q: %v", s, err)
		}
		if s[i] == '-' {
			return base - off, nil
		}
		return base + off, nil
	}
	if r, ok := regIndex(s); ok {
		return m.regValue(r), nil
	}
	if v, err := parseNum(s); err == nil {
		return v, nil
	}
	if a, ok := m.be.SymbolAddr(s); ok {
		return a, nil
	}
	return 0, fmt.Errorf("%q is not a number, register or known symbol", s)
}
