package gdb

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"

	"vmcore/debugger"
	"vmcore/vm"
)

// DefaultAddr is where the server listens unless told otherwise: loopback
// only, since the protocol has no authentication and can rewrite memory.
const DefaultAddr = "127.0.0.1:1234"

// Listen opens a TCP listener on addr, DefaultAddr when empty. Any other
// address is used as given: the caller asked for it explicitly.
func Listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, vm.Wrap(vm.KindConfig, "gdb listen", addr, err)
	}
	return ln, nil
}

// MonitorFunc runs a `monitor` command (qRcmd) with its arguments and
// returns the text to show the user.
type MonitorFunc func(ctx context.Context, args []string) (string, error)

// Server serves GDB clients on one Debugger. Clients are served one at a
// time; each may detach and another attach to the same VM.
type Server struct {
	Debugger *debugger.Debugger
	// ResumeOnDetach makes the VM continue when a client detaches (as
	// `vmcore run --gdb` wants); otherwise it stays stopped for the next
	// client (as `vmcore gdb` wants).
	ResumeOnDetach bool
	// OnKill, if set, is called when a client sends k or vKill (the CLI
	// may end the VM); the session ends either way.
	OnKill func()
	// Monitor adds `monitor` commands (snapshot, replay position, ...);
	// the built-in ones are help and icount.
	Monitor map[string]MonitorFunc
	// MonitorHelp gives a one-line description of Monitor commands for
	// `monitor help`.
	MonitorHelp map[string]string
	// Logf, if set, receives one line per protocol problem (bad checksum,
	// malformed packet) so that they are visible without being fatal.
	Logf func(format string, args ...any)

	mu     sync.Mutex
	active net.Conn
}

// Serve accepts GDB clients on ln, one after the other, until ctx ends or
// ln fails; it closes ln when it returns. It is the entry point the CLI's
// `vmcore gdb` and `vmcore run --gdb` use.
func Serve(ctx context.Context, ln net.Listener, d *debugger.Debugger) error {
	return (&Server{Debugger: d}).Serve(ctx, ln)
}

// Serve accepts clients on ln until ctx ends; see the package function.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() {
		ln.Close()
		s.mu.Lock()
		if s.active != nil {
			s.active.Close()
		}
		s.mu.Unlock()
	})
	defer stop()
	defer ln.Close()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return vm.Wrap(vm.KindDebugger, "gdb accept", ln.Addr().String(), err)
		}
		s.mu.Lock()
		s.active = c
		s.mu.Unlock()
		err = s.ServeConn(ctx, c)
		s.mu.Lock()
		s.active = nil
		s.mu.Unlock()
		if err != nil {
			s.logf("gdb client %s: %v", c.RemoteAddr(), err)
		}
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

// ServeConn runs one client session on c until the client detaches, kills,
// or goes away, and closes c. The client's breakpoints and watchpoints are
// removed when the session ends.
func (s *Server) ServeConn(ctx context.Context, c net.Conn) error {
	defer c.Close()
	ss := &session{srv: s, d: s.Debugger, arch: s.Debugger.Arch(), w: bufio.NewWriter(c),
		bps: map[bpKey]int{}, wps: map[bpKey]int{}, frames: make(chan frame, 16), quit: make(chan struct{})}
	go ss.readLoop(newFrameReader(c))
	defer close(ss.quit)
	defer ss.cleanup()
	return ss.run(ctx)
}

type bpKey struct {
	typ  byte
	addr uint64
	n    uint64
}

// session is one connected client.
type session struct {
	srv  *Server
	d    *debugger.Debugger
	arch *debugger.Arch
	w    *bufio.Writer
	last []byte // last packet sent, for a '-' in ack mode

	noAck    bool
	gThread  int // hart for register and memory access
	cThread  int // hart for c/s without a thread
	lastStop string

	bps map[bpKey]int // Z0/Z1 -> engine breakpoint id
	wps map[bpKey]int // Z2-Z4 -> engine watchpoint id

	frames  chan frame
	quit    chan struct{} // closed when the session ends: stops readLoop
	readErr error
}

var errSessionEnd = errors.New("session ended")

func (ss *session) readLoop(fr *frameReader) {
	defer close(ss.frames)
	for {
		f, err := fr.next()
		if err != nil {
			ss.readErr = err
			return
		}
		select {
		case ss.frames <- f:
		case <-ss.quit:
			return
		}
	}
}

func (ss *session) run(ctx context.Context) error {
	for {
		var f frame
		var ok bool
		select {
		case f, ok = <-ss.frames:
		case <-ctx.Done():
			return nil
		}
		if !ok {
			return ss.endErr()
		}
		switch f.kind {
		case frameNack:
			if ss.last != nil && !ss.noAck {
				ss.writeRaw(ss.last)
			}
			continue
		case frameInterrupt:
			continue // not running: nothing to interrupt
		case frameBad:
			ss.srv.logf("gdb: bad packet: %s", f.why)
			if !ss.noAck {
				ss.writeRaw([]byte{'-'})
			}
			continue
		}
		if !ss.noAck {
			ss.writeRaw([]byte{'+'})
		}
		if err := ss.handle(ctx, string(f.data)); err != nil {
			if err == errSessionEnd {
				return nil
			}
			return err
		}
	}
}

func (ss *session) endErr() error {
	if ss.readErr == nil || errors.Is(ss.readErr, io.EOF) || errors.Is(ss.readErr, net.ErrClosed) {
		return nil
	}
	return ss.readErr
}

func (ss *session) writeRaw(b []byte) {
	ss.w.Write(b)
	ss.w.Flush()
}

func (ss *session) reply(s string) {
	ss.last = encodePacket([]byte(s), false)
	ss.writeRaw(ss.last)
}

func (ss *session) replyBinary(b []byte) {
	ss.last = encodePacket(b, true)
	ss.writeRaw(ss.last)
}

// errReply maps an error to GDB's "Enn": E14 (EFAULT) for memory, E22
// (EINVAL) for bad arguments, E01 otherwise.
func errReply(err error) string {
	switch vm.KindOf(err) {
	case vm.KindMemory:
		return "E14"
	case vm.KindNotFound, vm.KindDebugger:
		return "E22"
	}
	return "E01"
}

// cleanup removes what this client set, and leaves the VM stopped unless
// the server resumes on detach.
func (ss *session) cleanup() {
	for _, id := range ss.bps {
		ss.d.RemoveBreakpoint(id)
	}
	for _, id := range ss.wps {
		ss.d.RemoveWatchpoint(id)
	}
}

// handle answers one packet.
func (ss *session) handle(ctx context.Context, p string) error {
	if p == "" {
		ss.reply("")
		return nil
	}
	switch p[0] {
	case '?':
		if ss.lastStop == "" {
			ss.lastStop = fmt.Sprintf("T05thread:%x;", ss.gThread+1)
		}
		ss.reply(ss.lastStop)
	case 'q':
		ss.query(ctx, p)
	case 'Q':
		if p == "QStartNoAckMode" {
			ss.reply("OK")
			ss.noAck = true
			return nil
		}
		ss.reply("")
	case 'H':
		ss.setThread(p)
	case 'T':
		t, err := threadID(p[1:])
		if err != nil || t < 1 || t > ss.d.Harts() {
			ss.reply("E01")
			return nil
		}
		ss.reply("OK")
	case 'g':
		ss.readAllRegs()
	case 'G':
		ss.writeAllRegs(p[1:])
	case 'p':
		ss.readReg(p[1:])
	case 'P':
		ss.writeReg(p[1:])
	case 'm':
		ss.readMem(p[1:])
	case 'M':
		ss.writeMemHex(p[1:])
	case 'X':
		ss.writeMemBin(p[1:])
	case 'Z', 'z':
		ss.breakpoint(p)
	case 'c', 's', 'C', 'S':
		return ss.resumeSimple(ctx, p)
	case 'v':
		return ss.vPacket(ctx, p)
	case 'b':
		if p == "bs" || p == "bc" {
			return ss.reverse(ctx, p == "bs")
		}
		ss.reply("")
	case 'D':
		ss.reply("OK")
		ss.detach()
		return errSessionEnd
	case 'k':
		ss.kill()
		return errSessionEnd
	default:
		ss.reply("")
	}
	return nil
}

func (ss *session) detach() {
	ss.cleanup()
	ss.bps, ss.wps = map[bpKey]int{}, map[bpKey]int{}
	if ss.srv.ResumeOnDetach {
		go ss.d.Continue(context.Background())
	}
}

func (ss *session) kill() {
	if ss.srv.OnKill != nil {
		ss.srv.OnKill()
	}
}

func (ss *session) supported() string {
	f := []string{
		fmt.Sprintf("PacketSize=%x", PacketSize), "QStartNoAckMode+", "qXfer:features:read+",
		"swbreak+", "hwbreak+", "vContSupported+",
	}
	if ss.d.HasHistory() {
		f = append(f, "ReverseStep+", "ReverseContinue+")
	}
	return strings.Join(f, ";")
}

func (ss *session) query(ctx context.Context, p string) {
	name, args, _ := strings.Cut(p, ":")
	switch {
	case name == "qSupported":
		ss.reply(ss.supported())
	case name == "qAttached":
		ss.reply("1")
	case name == "qC":
		ss.reply(fmt.Sprintf("QC%x", ss.gThread+1))
	case name == "qfThreadInfo":
		var ids []string
		for i := range ss.d.Harts() {
			ids = append(ids, fmt.Sprintf("%x", i+1))
		}
		ss.reply("m" + strings.Join(ids, ","))
	case name == "qsThreadInfo":
		ss.reply("l")
	case strings.HasPrefix(p, "qThreadExtraInfo,"):
		t, err := threadID(p[len("qThreadExtraInfo,"):])
		hi, herr := ss.d.HartInfo(t - 1)
		if err != nil || herr != nil {
			ss.reply("E01")
			return
		}
		state := "running"
		if hi.Waiting {
			state = "wfi"
		}
		ss.reply(hex.EncodeToString(fmt.Appendf(nil, "hart %d, %s-mode, %s", hi.ID, privName(hi.Priv), state)))
	case name == "qXfer" && strings.HasPrefix(args, "features:read:"):
		ss.xferFeatures(args[len("features:read:"):])
	case strings.HasPrefix(p, "qRcmd,"):
		ss.monitor(ctx, p[len("qRcmd,"):])
	default:
		ss.reply("")
	}
}

func privName(p uint8) string {
	switch p {
	case 0:
		return "U"
	case 1:
		return "S"
	case 3:
		return "M"
	}
	return fmt.Sprint(p)
}

func (ss *session) xferFeatures(args string) {
	annex, rng, ok := strings.Cut(args, ":")
	if !ok || annex != "target.xml" {
		ss.reply("E00")
		return
	}
	off, n, err := parseAddrLen(rng)
	if err != nil {
		ss.reply("E00")
		return
	}
	doc := ss.arch.TargetXML()
	if off >= uint64(len(doc)) {
		ss.reply("l")
		return
	}
	n = min(n, PacketSize-8)
	end := min(off+n, uint64(len(doc)))
	kind := byte('m')
	if end == uint64(len(doc)) {
		kind = 'l'
	}
	ss.replyBinary(append([]byte{kind}, doc[off:end]...))
}

func (ss *session) monitor(ctx context.Context, hexCmd string) {
	raw, err := hex.DecodeString(hexCmd)
	if err != nil {
		ss.reply("E22")
		return
	}
	fields := strings.Fields(string(raw))
	var out string
	switch {
	case len(fields) == 0 || fields[0] == "help":
		names := []string{"help", "icount"}
		for n := range ss.srv.Monitor {
			names = append(names, n)
		}
		sort.Strings(names[2:])
		var b strings.Builder
		fmt.Fprintf(&b, "monitor commands: %s\n", strings.Join(names, ", "))
		fmt.Fprintf(&b, "  icount: instructions retired by all harts, and by each\n")
		for _, n := range names[2:] {
			if h := ss.srv.MonitorHelp[n]; h != "" {
				fmt.Fprintf(&b, "  %s: %s\n", n, h)
			}
		}
		out = b.String()
	case fields[0] == "icount":
		var b strings.Builder
		fmt.Fprintf(&b, "icount %d\n", ss.d.Icount())
		for i := range ss.d.Harts() {
			if hi, err := ss.d.HartInfo(i); err == nil {
				fmt.Fprintf(&b, "hart %d: icount %d pc %#x\n", i, hi.Icount, hi.PC)
			}
		}
		out = b.String()
	default:
		f, ok := ss.srv.Monitor[fields[0]]
		if !ok {
			out = fmt.Sprintf("unknown monitor command %q (try monitor help)\n", fields[0])
			break
		}
		res, err := f(ctx, fields[1:])
		if err != nil {
			res += "error: " + err.Error() + "\n"
		}
		out = res
	}
	if out != "" {
		ss.reply("O" + hex.EncodeToString([]byte(out)))
	}
	ss.reply("OK")
}

func (ss *session) setThread(p string) {
	if len(p) < 2 {
		ss.reply("E22")
		return
	}
	t, err := threadID(p[2:])
	if err != nil || t > ss.d.Harts() {
		ss.reply("E22")
		return
	}
	hart := t - 1
	if t <= 0 { // 0 = any, -1 = all: keep the current hart
		hart = ss.gThread
		if p[1] == 'c' {
			hart = ss.cThread
		}
	}
	switch p[1] {
	case 'g':
		ss.gThread = hart
	case 'c':
		ss.cThread = hart
	default:
		ss.reply("E22")
		return
	}
	ss.reply("OK")
}

func (ss *session) gIndices() []int {
	idx := make([]int, ss.arch.GRegs)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func (ss *session) readAllRegs() {
	vals, err := ss.d.ReadRegisters(ss.gThread, ss.gIndices())
	if err != nil {
		ss.reply(errReply(err))
		return
	}
	var b strings.Builder
	for i, v := range vals {
		b.WriteString(leHex(v, ss.arch.Registers[i].Bits))
	}
	ss.reply(b.String())
}

func (ss *session) writeAllRegs(data string) {
	off := 0
	for i := range ss.arch.GRegs {
		n := ss.arch.Registers[i].Bits / 4
		if off+n > len(data) {
			break
		}
		v, err := parseLEHex(data[off : off+n])
		if err != nil {
			ss.reply("E22")
			return
		}
		if ss.arch.Registers[i].Kind != debugger.RegGPR || ss.arch.Registers[i].Num != 0 {
			if err := ss.d.WriteRegister(ss.gThread, i, v); err != nil {
				ss.reply(errReply(err))
				return
			}
		}
		off += n
	}
	ss.reply("OK")
}

func (ss *session) regIndex(s string) (int, bool) {
	n, err := parseHex(s)
	if err != nil || n > 1<<20 {
		return 0, false
	}
	return ss.arch.ByGDB(int(n))
}

func (ss *session) readReg(arg string) {
	i, ok := ss.regIndex(arg)
	if !ok {
		ss.reply("E22")
		return
	}
	v, err := ss.d.ReadRegister(ss.gThread, i)
	if err != nil {
		ss.reply(errReply(err))
		return
	}
	ss.reply(leHex(v, ss.arch.Registers[i].Bits))
}

func (ss *session) writeReg(arg string) {
	num, val, ok := strings.Cut(arg, "=")
	i, ok2 := ss.regIndex(num)
	if !ok || !ok2 {
		ss.reply("E22")
		return
	}
	v, err := parseLEHex(val)
	if err != nil {
		ss.reply("E22")
		return
	}
	if err := ss.d.WriteRegister(ss.gThread, i, v); err != nil {
		ss.reply(errReply(err))
		return
	}
	ss.reply("OK")
}

func (ss *session) readMem(arg string) {
	addr, n, err := parseAddrLen(arg)
	if err != nil {
		ss.reply("E22")
		return
	}
	// The reply is hex: at most half a packet of data. GDB handles a short
	// reply by asking for the rest.
	n = min(n, PacketSize/2-8)
	data, err := ss.d.ReadMemory(ss.gThread, addr, int(n))
	if len(data) == 0 && n > 0 {
		ss.reply(errReply(err))
		return
	}
	ss.reply(hex.EncodeToString(data))
}

func (ss *session) writeMemHex(arg string) {
	head, body, ok := strings.Cut(arg, ":")
	addr, n, err := parseAddrLen(head)
	if !ok || err != nil {
		ss.reply("E22")
		return
	}
	data, err := hex.DecodeString(body)
	if err != nil || uint64(len(data)) != n {
		ss.reply("E22")
		return
	}
	ss.writeMem(addr, data)
}

func (ss *session) writeMemBin(arg string) {
	head, body, ok := strings.Cut(arg, ":")
	addr, n, err := parseAddrLen(head)
	if !ok || err != nil {
		ss.reply("E22")
		return
	}
	data, err := unescape([]byte(body))
	if err != nil || uint64(len(data)) != n {
		ss.reply("E22")
		return
	}
	ss.writeMem(addr, data)
}

func (ss *session) writeMem(addr uint64, data []byte) {
	if len(data) == 0 {
		ss.reply("OK") // GDB probes X support with an empty write
		return
	}
	if err := ss.d.WriteMemory(ss.gThread, addr, data); err != nil {
		ss.reply(errReply(err))
		return
	}
	ss.reply("OK")
}

// breakpoint handles Z0-Z4 and z0-z4.
func (ss *session) breakpoint(p string) {
	insert := p[0] == 'Z'
	parts := strings.SplitN(p[1:], ",", 3)
	if len(parts) != 3 || len(parts[0]) != 1 {
		ss.reply("E22")
		return
	}
	typ := parts[0][0]
	addr, err1 := parseHex(parts[1])
	kindStr, _, _ := strings.Cut(parts[2], ";") // conditions are not offered
	n, err2 := parseHex(kindStr)
	if err1 != nil || err2 != nil {
		ss.reply("E22")
		return
	}
	key := bpKey{typ, addr, n}
	switch typ {
	case '0', '1':
		key.n = 0 // the kind (instruction length) does not matter here
		if !insert {
			if id, ok := ss.bps[key]; ok {
				delete(ss.bps, key)
				ss.d.RemoveBreakpoint(id)
			}
			ss.reply("OK")
			return
		}
		if _, ok := ss.bps[key]; ok {
			ss.reply("OK")
			return
		}
		kind := debugger.Software
		if typ == '1' {
			kind = debugger.Hardware
		}
		b, err := ss.d.AddBreakpoint(debugger.BreakpointSpec{Addr: addr, Kind: kind, Owner: "gdb"})
		if err != nil {
			ss.reply(errReply(err))
			return
		}
		ss.bps[key] = b.ID
		ss.reply("OK")
	case '2', '3', '4':
		if !insert {
			if id, ok := ss.wps[key]; ok {
				delete(ss.wps, key)
				ss.d.RemoveWatchpoint(id)
			}
			ss.reply("OK")
			return
		}
		if _, ok := ss.wps[key]; ok {
			ss.reply("OK")
			return
		}
		kind := map[byte]debugger.WatchKind{'2': debugger.WatchWrite, '3': debugger.WatchRead, '4': debugger.WatchAccess}[typ]
		w, err := ss.d.AddWatchpoint(debugger.WatchpointSpec{Addr: addr, Len: n, Kind: kind, Owner: "gdb"})
		if err != nil {
			ss.reply(errReply(err))
			return
		}
		ss.wps[key] = w.ID
		ss.reply("OK")
	default:
		ss.reply("")
	}
}

// resumeSimple handles c, C, s and S (with an optional resume address).
func (ss *session) resumeSimple(ctx context.Context, p string) error {
	arg := p[1:]
	if p[0] == 'C' || p[0] == 'S' {
		_, arg, _ = strings.Cut(arg, ";") // the signal is not delivered: there is no OS
	}
	if arg != "" {
		addr, err := parseHex(arg)
		if err != nil {
			ss.reply("E22")
			return nil
		}
		if err := ss.d.WriteRegister(ss.cThread, ss.arch.PC, addr); err != nil {
			ss.reply(errReply(err))
			return nil
		}
	}
	step := p[0] == 's' || p[0] == 'S'
	return ss.resume(ctx, step, ss.cThread)
}

func (ss *session) vPacket(ctx context.Context, p string) error {
	switch {
	case p == "vMustReplyEmpty":
		ss.reply("")
	case p == "vCont?":
		ss.reply("vCont;c;C;s;S")
	case strings.HasPrefix(p, "vCont;"):
		step, hart := false, ss.cThread
		for _, a := range strings.Split(p[len("vCont;"):], ";") {
			act, tid, hasTid := strings.Cut(a, ":")
			if act == "" {
				ss.reply("E22")
				return nil
			}
			t := 0
			if hasTid {
				var err error
				if t, err = threadID(tid); err != nil {
					ss.reply("E22")
					return nil
				}
			}
			switch act[0] {
			case 's', 'S':
				if !step {
					step = true
					if t > 0 {
						hart = t - 1
					}
				}
			case 'c', 'C':
			default:
				ss.reply("") // r (range step) and t are not offered
				return nil
			}
		}
		if hart >= ss.d.Harts() {
			ss.reply("E22")
			return nil
		}
		return ss.resume(ctx, step, hart)
	case strings.HasPrefix(p, "vKill"):
		ss.reply("OK")
		ss.kill()
		return errSessionEnd
	default:
		ss.reply("")
	}
	return nil
}

// resume runs the VM until it stops, answering Ctrl-C meanwhile, and
// replies with the stop.
func (ss *session) resume(ctx context.Context, step bool, hart int) error {
	return ss.runAndReport(ctx, func(rctx context.Context) (debugger.Stop, error) {
		if step {
			return ss.d.Step(rctx, hart, 1)
		}
		return ss.d.Continue(rctx)
	})
}

func (ss *session) reverse(ctx context.Context, step bool) error {
	if !ss.d.HasHistory() {
		ss.reply("E01")
		return nil
	}
	hart := ss.cThread
	return ss.runAndReport(ctx, func(rctx context.Context) (debugger.Stop, error) {
		if step {
			return ss.d.ReverseStep(rctx, hart)
		}
		return ss.d.ReverseContinue(rctx)
	})
}

func (ss *session) runAndReport(ctx context.Context, run func(context.Context) (debugger.Stop, error)) error {
	type result struct {
		st  debugger.Stop
		err error
	}
	done := make(chan result, 1)
	go func() {
		st, err := run(context.Background())
		done <- result{st, err}
	}()
	frames := ss.frames
	for {
		select {
		case r := <-done:
			if r.err != nil {
				ss.reply(errReply(r.err))
				return nil
			}
			ss.reportStop(r.st)
			if frames == nil {
				return ss.endErr() // the client went away meanwhile
			}
			return nil
		case f, ok := <-frames:
			if !ok {
				// The client vanished while the VM ran: stop it and end.
				ss.d.Pause()
				frames = nil
				continue
			}
			switch f.kind {
			case frameInterrupt:
				ss.d.Pause()
			case framePacket:
				// All-stop: nothing but Ctrl-C is expected while running.
				if !ss.noAck {
					ss.writeRaw([]byte{'+'})
				}
			}
		case <-ctx.Done():
			ss.d.Pause()
			<-done
			return nil
		}
	}
}

// reportStop sends the stop reply for st and makes its hart current.
func (ss *session) reportStop(st debugger.Stop) {
	ss.gThread, ss.cThread = st.Hart, st.Hart
	thread := fmt.Sprintf("thread:%x;", st.Hart+1)
	var r string
	switch st.Kind {
	case debugger.StopExit:
		r = fmt.Sprintf("W%02x", uint8(st.ExitCode))
	case debugger.StopPause:
		r = "T02" + thread
	case debugger.StopBreakpoint:
		reason := "swbreak:;"
		if st.BreakKind == debugger.Hardware {
			reason = "hwbreak:;"
		}
		r = "T05" + thread + reason
	case debugger.StopWatchpoint:
		name := map[debugger.WatchKind]string{debugger.WatchWrite: "watch", debugger.WatchRead: "rwatch", debugger.WatchAccess: "awatch"}[st.Watch.Kind]
		r = fmt.Sprintf("T05%s%s:%x;", thread, name, st.Watch.Addr)
	default:
		r = "T05" + thread
		if st.HistoryStart {
			// gdb says "No more reverse-execution history" for this.
			r += "replaylog:begin;"
		}
	}
	ss.lastStop = r
	ss.reply(r)
}
