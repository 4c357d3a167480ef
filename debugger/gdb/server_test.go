package gdb

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

const progELF = "../testdata/prog.elf"

func newVM(t testing.TB, harts int) (*debugger.Debugger, *machine.Symbols) {
	t.Helper()
	data, err := os.ReadFile(progELF)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(progELF, data)
	if err != nil {
		t.Fatal(err)
	}
	m, err := machine.New(machine.Config{Harts: harts, RAMSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	d := debugger.New(m, debugger.Options{})
	t.Cleanup(func() {
		d.Close()
		m.Close()
	})
	return d, img.Symbols
}

func symAddr(t testing.TB, s *machine.Symbols, name string) uint64 {
	t.Helper()
	v, ok := s.Lookup(name)
	if !ok {
		t.Fatalf("no symbol %s", name)
	}
	return v.Addr
}

// client is a scripted GDB over one end of a net.Pipe.
type client struct {
	t     *testing.T
	c     net.Conn
	r     *bufio.Reader
	noAck bool
	done  chan error // the server's ServeConn result
}

func newClient(t *testing.T, srv *Server) *client {
	a, b := net.Pipe()
	cl := &client{t: t, c: a, r: bufio.NewReader(a), done: make(chan error, 1)}
	go func() { cl.done <- srv.ServeConn(context.Background(), b) }()
	t.Cleanup(func() { a.Close() })
	return cl
}

func (c *client) send(p string) {
	c.t.Helper()
	c.c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.c.Write(encodePacket([]byte(p), false)); err != nil {
		c.t.Fatalf("send %q: %v", p, err)
	}
}

func (c *client) raw(b string) {
	c.t.Helper()
	c.c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.c.Write([]byte(b)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// readByte reads one byte with a deadline so a broken server fails the
// test instead of hanging it.
func (c *client) readByte() byte {
	c.t.Helper()
	c.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, err := c.r.ReadByte()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return b
}

// ack reads the server's acknowledgement of a packet.
func (c *client) ack() byte {
	c.t.Helper()
	if c.noAck {
		return '+'
	}
	return c.readByte()
}

// recv reads one reply packet, checks its checksum and undoes escapes.
func (c *client) recv() string {
	c.t.Helper()
	for c.readByte() != '$' {
	}
	var data []byte
	var sum byte
	for {
		b := c.readByte()
		if b == '#' {
			break
		}
		sum += b
		data = append(data, b)
	}
	cs := string([]byte{c.readByte(), c.readByte()})
	if cs != fmt.Sprintf("%02x", sum) {
		c.t.Fatalf("reply %q: checksum %s, want %02x", data, cs, sum)
	}
	if !c.noAck {
		c.raw("+")
	}
	out, err := unescape(data)
	if err != nil {
		c.t.Fatal(err)
	}
	return string(out)
}

// cmd sends p and returns the reply.
func (c *client) cmd(p string) string {
	c.t.Helper()
	c.send(p)
	if a := c.ack(); a != '+' {
		c.t.Fatalf("%q: ack %q", p, a)
	}
	return c.recv()
}

func TestHandshakeAndQueries(t *testing.T) {
	d, _ := newVM(t, 2)
	c := newClient(t, &Server{Debugger: d})
	tests := []struct {
		pkt, want string
		prefix    bool
	}{
		{"qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386", "PacketSize=4000;QStartNoAckMode+;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+", false},
		{"vMustReplyEmpty", "", false},
		{"qSomethingNew", "", false},
		{"?", "T05thread:1;", false},
		{"qAttached", "1", false},
		{"qfThreadInfo", "m1,2", false},
		{"qsThreadInfo", "l", false},
		{"qC", "QC1", false},
		{"Hg2", "OK", false},
		{"qC", "QC2", false},
		{"Hg0", "OK", false},
		{"Hg9", "E22", false},
		{"Hc-1", "OK", false},
		{"T2", "OK", false},
		{"T3", "E01", false},
		{"vCont?", "vCont;c;C;s;S", false},
		{"bs", "E01", false},
		{"qThreadExtraInfo,1", hex.EncodeToString([]byte("hart 0, M-mode, running")), false},
		{"qXfer:features:read:other.xml:0,100", "E00", false},
		{"m", "E22", false},
		{"mzz,4", "E22", false},
		{"m80000000", "E22", false},
		{"p", "E22", false},
		{"p9999", "E22", false},
		{"P1=zz", "E22", false},
		{"Z9,0,0", "", false},
		{"Z0,xyz,4", "E22", false},
		{"Z2,10,8", "E14", false},
		{"M80001000,2:zz", "E22", false},
		{"X80001000,5:ab", "E22", false},
		{"vCont;x", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		if got := c.cmd(tc.pkt); got != tc.want {
			t.Errorf("%q -> %q, want %q", tc.pkt, got, tc.want)
		}
	}
}

func TestNoAckMode(t *testing.T) {
	d, _ := newVM(t, 1)
	c := newClient(t, &Server{Debugger: d})
	if got := c.cmd("QStartNoAckMode"); got != "OK" {
		t.Fatalf("QStartNoAckMode -> %q", got)
	}
	c.noAck = true
	c.send("qAttached")
	// The next byte must start the reply, not be a '+'.
	if b := c.readByte(); b != '$' {
		t.Fatalf("no-ack mode: got %q before the reply", b)
	}
	c.r.UnreadByte()
	if got := c.recv(); got != "1" {
		t.Fatalf("qAttached -> %q", got)
	}
}

func TestBadPacketsAreSurvived(t *testing.T) {
	d, _ := newVM(t, 1)
	c := newClient(t, &Server{Debugger: d})
	c.raw("$qAttached#00")
	if b := c.readByte(); b != '-' {
		t.Fatalf("bad checksum: got %q, want '-'", b)
	}
	c.raw("$qAttached#zz")
	if b := c.readByte(); b != '-' {
		t.Fatalf("non-hex checksum: got %q, want '-'", b)
	}
	c.raw("$" + strings.Repeat("m", 3*PacketSize) + "#00")
	if b := c.readByte(); b != '-' {
		t.Fatalf("huge packet: got %q, want '-'", b)
	}
	c.raw("garbage+++")
	// A packet restarted in the middle is taken from its second '$'.
	c.raw("$qAtt")
	if got := c.cmd("qAttached"); got != "1" {
		t.Fatalf("after noise: %q", got)
	}
	// '-' asks for the last reply again.
	c.raw("-")
	if got := c.recv(); got != "1" {
		t.Fatalf("resend: %q", got)
	}
	// A client that vanishes mid-packet ends its session cleanly.
	c.raw("$m8000")
	c.c.Close()
	if err := <-c.done; err != nil {
		t.Fatalf("ServeConn: %v", err)
	}
}

func TestRegistersAndMemory(t *testing.T) {
	d, syms := newVM(t, 2)
	c := newClient(t, &Server{Debugger: d})
	g := c.cmd("g")
	if len(g) != 33*16 {
		t.Fatalf("g reply has %d hex digits, want %d", len(g), 33*16)
	}
	pc, _ := d.ReadRegister(0, d.Arch().PC)
	if g[32*16:] != leHex(pc, 64) {
		t.Fatalf("g pc = %s, want %s", g[32*16:], leHex(pc, 64))
	}
	if got := c.cmd("p20"); got != leHex(pc, 64) {
		t.Fatalf("p20 = %s", got)
	}
	if got := c.cmd("Pa=" + leHex(0x1234, 64)); got != "OK" {
		t.Fatalf("P -> %s", got)
	}
	if v, _ := d.ReadRegister(0, 10); v != 0x1234 {
		t.Fatalf("a0 = %#x after P", v)
	}
	// Registers of the second hart through Hg.
	c.cmd("Hg2")
	if got := c.cmd("Pb=" + leHex(77, 64)); got != "OK" {
		t.Fatal(got)
	}
	if v, _ := d.ReadRegister(1, 11); v != 77 {
		t.Fatalf("hart 1 a1 = %d", v)
	}
	c.cmd("Hg1")
	// G writes back what g read, with x1 changed.
	g = c.cmd("g")
	g2 := g[:16] + leHex(0xabcd, 64) + g[32:]
	if got := c.cmd("G" + g2); got != "OK" {
		t.Fatalf("G -> %s", got)
	}
	if v, _ := d.ReadRegister(0, 1); v != 0xabcd {
		t.Fatalf("ra = %#x after G", v)
	}
	// CSRs and priv by GDB number.
	if got := c.cmd(fmt.Sprintf("p%x", 65+0x300)); len(got) != 16 {
		t.Fatalf("mstatus = %q", got)
	}
	if got := c.cmd(fmt.Sprintf("p%x", 4161)); got != leHex(3, 64) {
		t.Fatalf("priv = %q, want M (3)", got)
	}
	// Memory: read, hex write, binary write with escaped bytes.
	table := symAddr(t, syms, "table")
	if got := c.cmd(fmt.Sprintf("m%x,10", table)); got != "01000000000000000200000000000000" {
		t.Fatalf("m table = %s", got)
	}
	if got := c.cmd(fmt.Sprintf("M%x,2:beef", table)); got != "OK" {
		t.Fatal(got)
	}
	esc := string([]byte{'}', '#' ^ 0x20, '}', '}' ^ 0x20, 'a', '}', '$' ^ 0x20, '}', '*' ^ 0x20})
	if got := c.cmd(fmt.Sprintf("X%x,5:", table) + esc); got != "OK" {
		t.Fatal(got)
	}
	if got := c.cmd(fmt.Sprintf("m%x,5", table)); got != hex.EncodeToString([]byte("#}a$*")) {
		t.Fatalf("after X: %s", got)
	}
	if got := c.cmd(fmt.Sprintf("X%x,0:", table)); got != "OK" {
		t.Fatal(got)
	}
	// Devices are peeked; nothing mapped is E14; a huge length is capped.
	if got := c.cmd("m10000005,1"); got != "60" {
		t.Fatalf("UART LSR = %s, want 60 (transmitter empty)", got)
	}
	if got := c.cmd("m40000000,4"); got != "E14" {
		t.Fatalf("unmapped read = %s", got)
	}
	if got := c.cmd("M40000000,1:00"); got != "E14" {
		t.Fatalf("unmapped write = %s", got)
	}
	if got := c.cmd("m80000000,ffffffffffff"); len(got) == 0 || len(got) > PacketSize {
		t.Fatalf("huge read returned %d hex digits", len(got))
	}
	// The target description, read in pieces, is the Arch's.
	var doc strings.Builder
	for off := 0; ; {
		r := c.cmd(fmt.Sprintf("qXfer:features:read:target.xml:%x,200", off))
		doc.WriteString(r[1:])
		off += len(r) - 1
		if r[0] == 'l' {
			break
		}
	}
	if doc.String() != d.Arch().TargetXML() {
		t.Fatal("target.xml differs from the Arch's description")
	}
}

func TestBreakWatchStepContinue(t *testing.T) {
	d, syms := newVM(t, 1)
	c := newClient(t, &Server{Debugger: d})
	add, watched := symAddr(t, syms, "add"), symAddr(t, syms, "watched")
	pcHex := func() uint64 {
		v, _ := parseLEHex(c.cmd("p20"))
		return v
	}
	if got := c.cmd(fmt.Sprintf("Z0,%x,2", add)); got != "OK" {
		t.Fatal(got)
	}
	if got := c.cmd(fmt.Sprintf("Z0,%x,2", add)); got != "OK" { // again: idempotent
		t.Fatal(got)
	}
	if got := c.cmd("vCont;c"); got != "T05thread:1;swbreak:;" {
		t.Fatalf("continue to breakpoint: %s", got)
	}
	if pc := pcHex(); pc != add {
		t.Fatalf("pc %#x, want %#x", pc, add)
	}
	if got := c.cmd(fmt.Sprintf("z0,%x,2", add)); got != "OK" {
		t.Fatal(got)
	}
	if got := c.cmd("vCont;s:1"); got != "T05thread:1;" {
		t.Fatalf("step: %s", got)
	}
	if pc := pcHex(); pc != add+2 {
		t.Fatalf("after step pc %#x, want %#x", pc, add+2)
	}
	c.cmd(fmt.Sprintf("Z1,%x,2", add))
	if got := c.cmd("c"); got != "T05thread:1;hwbreak:;" {
		t.Fatalf("hardware breakpoint: %s", got)
	}
	c.cmd(fmt.Sprintf("z1,%x,2", add))
	for _, tc := range []struct{ z, name string }{{"2", "watch"}, {"3", "rwatch"}, {"4", "awatch"}} {
		c.cmd(fmt.Sprintf("Z%s,%x,8", tc.z, watched))
		want := fmt.Sprintf("T05thread:1;%s:%x;", tc.name, watched)
		if got := c.cmd("vCont;c:1"); got != want {
			t.Fatalf("Z%s: %s, want %s", tc.z, got, want)
		}
		if got := c.cmd("?"); got != want {
			t.Fatalf("? after stop: %s", got)
		}
		c.cmd(fmt.Sprintf("z%s,%x,8", tc.z, watched))
	}
	if got := c.cmd("s"); got != "T05thread:1;" {
		t.Fatal(got)
	}
	if got := c.cmd("c"); got != "W00" {
		t.Fatalf("run to exit: %s", got)
	}
}

func TestInterruptDetachKill(t *testing.T) {
	d, syms := newVM(t, 2)
	killed := make(chan bool, 1)
	srv := &Server{Debugger: d, OnKill: func() { killed <- true }}
	c := newClient(t, srv)
	c.cmd(fmt.Sprintf("P20=%s", leHex(symAddr(t, syms, "spin"), 64)))
	c.cmd(fmt.Sprintf("Z0,%x,2", symAddr(t, syms, "fact")))
	c.send("vCont;c")
	c.ack()
	for !d.Running() {
		time.Sleep(time.Millisecond)
	}
	c.raw("\x03")
	if got := c.recv(); got != "T02thread:1;" && got != "T02thread:2;" {
		t.Fatalf("Ctrl-C: %s", got)
	}
	// The session ends right after OK, and net.Pipe has no buffer: a '+'
	// for that last reply would race the server closing its end (gdb over
	// TCP never notices). So take the reply without acknowledging it.
	c.noAck = true
	if got := c.cmd("D"); got != "OK" {
		t.Fatal(got)
	}
	if err := <-c.done; err != nil {
		t.Fatal(err)
	}
	if n := len(d.Breakpoints()); n != 0 {
		t.Fatalf("%d breakpoints left after detach", n)
	}
	// A second client on the same VM; it kills.
	c2 := newClient(t, srv)
	if got := c2.cmd("qAttached"); got != "1" {
		t.Fatal(got)
	}
	c2.send("k")
	c2.ack()
	if err := <-c2.done; err != nil || !<-killed {
		t.Fatalf("kill: %v", err)
	}
	// A client that vanishes while the VM runs leaves it paused.
	c3 := newClient(t, srv)
	c3.send("c")
	c3.ack()
	for !d.Running() {
		time.Sleep(time.Millisecond)
	}
	c3.c.Close()
	if err := <-c3.done; err != nil {
		t.Fatal(err)
	}
	if d.Running() {
		t.Fatal("VM still running after its client vanished")
	}
}

func TestMonitor(t *testing.T) {
	d, _ := newVM(t, 1)
	srv := &Server{Debugger: d, Monitor: map[string]MonitorFunc{
		"echo": func(_ context.Context, args []string) (string, error) { return strings.Join(args, " ") + "\n", nil },
	}}
	c := newClient(t, srv)
	d.RunUntil(context.Background(), 42)
	tests := []struct{ cmd, want string }{
		{"icount", "icount 42\n"},
		{"help", "echo"},
		{"echo a b", "a b\n"},
		{"nosuch", "unknown monitor command"},
	}
	for _, tc := range tests {
		out := c.cmd("qRcmd," + hex.EncodeToString([]byte(tc.cmd)))
		if out[0] != 'O' {
			t.Fatalf("monitor %s: %q", tc.cmd, out)
		}
		text, _ := hex.DecodeString(out[1:])
		if !strings.Contains(string(text), tc.want) {
			t.Errorf("monitor %s: %q lacks %q", tc.cmd, text, tc.want)
		}
		if got := c.recv(); got != "OK" {
			t.Fatalf("monitor %s end: %q", tc.cmd, got)
		}
	}
	if got := c.cmd("qRcmd,zz"); got != "E22" {
		t.Fatal(got)
	}
}

func TestServeSequentialClients(t *testing.T) {
	d, _ := newVM(t, 1)
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, d) }()
	for i := range 2 {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conn.Write(encodePacket([]byte("qAttached"), false))
		r := bufio.NewReader(conn)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		line, err := r.ReadString('#')
		if err != nil || line != "+$1#" {
			t.Fatalf("client %d: %q %v", i, line, err)
		}
		conn.Write(encodePacket([]byte("D"), false))
		io.ReadAll(r) // until the server closes
		conn.Close()
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// BenchmarkStepi measures one GDB single step (vCont;s) round trip over a
// pipe, the cost that dominates gdb's stepi, next and step.
func BenchmarkStepi(b *testing.B) {
	d, syms := newVM(b, 1)
	if err := d.WriteRegister(0, d.Arch().PC, symAddr(b, syms, "spin")); err != nil {
		b.Fatal(err)
	}
	a, conn := net.Pipe()
	go (&Server{Debugger: d}).ServeConn(context.Background(), conn)
	defer a.Close()
	r := bufio.NewReader(a)
	a.Write(encodePacket([]byte("QStartNoAckMode"), false))
	r.ReadString('#')
	r.Discard(2)
	b.ResetTimer()
	for range b.N {
		a.Write(encodePacket([]byte("vCont;s:1"), false))
		if _, err := r.ReadString('#'); err != nil {
			b.Fatal(err)
		}
		r.Discard(2)
	}
}
