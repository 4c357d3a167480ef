package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"vmcore/debugger"
	"vmcore/debugger/gdb"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

const gdbUsage = `Usage: vmcore gdb [--listen ADDR] [flags] PROGRAM
       vmcore gdb [--listen ADDR] [flags] --bios FIRMWARE [--kernel FILE] [--drive FILE] ...

Loads PROGRAM (an ELF, a .s assembly source, or a raw binary with
--load-addr), halts the VM at the reset vector in the boot ROM (0x1000, as
QEMU's virt does; 'break _start' and 'continue' reach the entry) and
serves the GDB remote protocol on ADDR (127.0.0.1:1234 unless told
otherwise; port 0 picks a free port, and the address actually used is
printed). Connect with

  gdb-multiarch PROGRAM.elf -ex 'target remote ADDR'

(for a .s source, give GDB the ELF that 'vmcore asm FILE.s -o FILE.elf'
writes, for its symbols and source lines). The session is recorded, with
every write GDB makes, unless --no-record is given; 'monitor help' lists
vmcore's monitor commands (icount, snapshot, hotplug).

Clients are served one after the other; the VM stays stopped between
them. The guest's UART is the terminal. Ctrl-C, or 'kill' in GDB, ends
vmcore.
`

func cmdGDB(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("gdb", flag.ContinueOnError)
	var opt runOptions
	opt.register(fs)
	var ro recordOptions
	ro.register(fs)
	var bo bootOptions
	bo.register(fs)
	listen := fs.String("listen", gdb.DefaultAddr, "serve GDB on `address` (host:port; port 0 picks one)")
	rest, status, done := parseFlags(fs, gdbUsage, args, env)
	if done {
		return status
	}
	p, status, ok := bootProgram("gdb", rest, opt, bo, env)
	if !ok {
		return status
	}
	if len(p.hotplug) > 0 {
		fmt.Fprintln(env.Err, "vmcore gdb: --hotplug-script is for vmcore run; from GDB use 'monitor hotplug attach SPEC'")
		return ExitUsage
	}
	g, err := newGDBMachine(ctx, p, opt, ro, env)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer g.Close("gdb server ended")
	d, hist := g.d, g.hist

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv, ln, err := startGDB(*listen, d, hist, false, cancel, env)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	if err := srv.Serve(sctx, ln); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// gdbListener counts the GDB clients connected (for the screen's status
// bar) and, when pause is set, stops the VM as a client connects, as QEMU
// does: GDB assumes the target it attaches to is stopped.
type gdbListener struct {
	net.Listener
	pause     func()
	connected *atomic.Int32
}

// Accept implements net.Listener.
func (l *gdbListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if l.pause != nil {
		l.pause()
	}
	l.connected.Add(1)
	return &gdbConn{Conn: c, connected: l.connected}, nil
}

type gdbConn struct {
	net.Conn
	once      sync.Once
	connected *atomic.Int32
}

// Close implements net.Conn.
func (c *gdbConn) Close() error {
	c.once.Do(func() { c.connected.Add(-1) })
	return c.Conn.Close()
}

// startGDB opens the GDB listener on addr and announces it on stderr with
// the address actually bound. resume selects ResumeOnDetach and stopping
// the VM when a client attaches (for a VM that runs by itself); onKill
// is called when a client kills the target.
func startGDB(addr string, d *debugger.Debugger, hist *debugger.Recorder, resume bool, onKill func(), env Env) (*gdb.Server, *gdbListener, error) {
	ln, err := gdb.Listen(addr)
	if err != nil {
		return nil, nil, err
	}
	gl := &gdbListener{Listener: ln, connected: new(atomic.Int32)}
	if resume {
		gl.pause = d.Pause
	}
	fmt.Fprintf(env.Err, "vmcore: GDB server listening on %s\n", ln.Addr())
	srv := &gdb.Server{
		Debugger:       d,
		ResumeOnDetach: resume,
		OnKill:         onKill,
		Logf: func(format string, args ...any) {
			fmt.Fprintf(env.Err, "vmcore: "+format+"\n", args...)
		},
		Monitor: map[string]gdb.MonitorFunc{"snapshot": historyMonitor(d, hist), "hotplug": hotplugMonitor(d)},
		MonitorHelp: map[string]string{
			"snapshot": "what the execution history behind reverse-stepi/reverse-continue holds",
			"hotplug":  "hotplug [list | attach SPEC | detach SLOT]: virtio devices in and out of a running VM (recorded)",
		},
	}
	return srv, gl, nil
}

// gdbService is the GDB server beside the screen, as a vm.Service: Start
// listens and serves on its own goroutine (clients do not stop a VM that
// the screen drives), Stop closes the listener and waits for the server.
type gdbService struct {
	addr     string
	debugged func() *debugged // started before this service
	env      Env

	ln     *gdbListener
	cancel context.CancelFunc
	done   chan struct{}
}

// Name implements vm.Service.
func (s *gdbService) Name() string { return "GDB server on " + s.addr }

// Start implements vm.Service.
func (s *gdbService) Start(ctx context.Context) error {
	g := s.debugged()
	srv, ln, err := startGDB(s.addr, g.d, g.hist, false, nil, s.env)
	if err != nil {
		return err
	}
	srv.Logf = nil
	s.ln = ln
	sctx, cancel := context.WithCancel(ctx)
	s.cancel, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		_ = srv.Serve(sctx, ln)
	}()
	return nil
}

// Stop implements vm.Service.
func (s *gdbService) Stop(context.Context) error {
	s.cancel()
	<-s.done
	return nil
}

// Connected reports whether a GDB client is attached.
func (s *gdbService) Connected() bool { return s.ln != nil && s.ln.connected.Load() > 0 }

// hotplugMonitor is `monitor hotplug`: list the virtio slots, attach a
// device (`attach SPEC`, SPEC as --device takes it) or detach one
// (`detach SLOT`). Each change is recorded like any other.
func hotplugMonitor(d *debugger.Debugger) gdb.MonitorFunc {
	const usage = "usage: monitor hotplug [list | attach SPEC | detach SLOT]; SPEC as --device: rng[:seed=N][,slot=N], console[,slot=N], blk:file=FILE[,readonly|,writable|,overlay=PATH][,slot=N]"
	return func(ctx context.Context, args []string) (string, error) {
		switch {
		case len(args) == 0 || len(args) == 1 && args[0] == "list":
			var b strings.Builder
			err := d.Do(func(m *machine.Machine) {
				for slot := range virtio.Slots {
					fmt.Fprintf(&b, "slot %d  %#x  ", slot, m.Virtio(slot).Base())
					if sp, ok := m.Virtio(slot).Spec(); ok {
						fmt.Fprintln(&b, sp)
					} else {
						fmt.Fprintln(&b, "(empty)")
					}
				}
			})
			return b.String(), err
		case len(args) == 2 && args[0] == "attach":
			spec, err := virtio.ParseSpec(args[1])
			if err != nil {
				return "", err
			}
			slot, err := d.AttachVirtio(spec)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("attached %s in slot %d\n", spec.Kind, slot), nil
		case len(args) == 2 && args[0] == "detach":
			slot, err := strconv.Atoi(args[1])
			if err != nil {
				return "", fmt.Errorf("slot %q is not a number; %s", args[1], usage)
			}
			if err := d.DetachVirtio(slot); err != nil {
				return "", err
			}
			return fmt.Sprintf("detached slot %d\n", slot), nil
		}
		return "", fmt.Errorf("%s", usage)
	}
}

// historyMonitor is `monitor snapshot`: what the execution history behind
// reverse execution holds. The recorder belongs to the debugger's goroutine,
// so it is read there.
func historyMonitor(d *debugger.Debugger, hist *debugger.Recorder) gdb.MonitorFunc {
	return func(ctx context.Context, args []string) (string, error) {
		var n int
		var bytes, oldest, newest, now uint64
		err := d.Do(func(m *machine.Machine) {
			n, bytes, oldest, newest, now = hist.Snapshots(), hist.Bytes(), hist.Oldest(), hist.Newest(), m.Icount()
		})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d snapshots (%d KiB) covering icount %d..%d; now at icount %d\n",
			n, bytes>>10, oldest, max(newest, now), now), nil
	}
}

// runImageGDB is `vmcore run --gdb ADDR`: the VM runs by itself as with
// plain run, and GDB clients may attach (stopping it), drive it and detach
// (letting it go on). It ends when the guest exits, the instruction
// limit is reached, a client kills it, or on Ctrl-C.
func runImageGDB(ctx context.Context, p program, opt runOptions, ro recordOptions, addr string, env Env) int {
	g, err := newGDBMachine(ctx, p, opt, ro, env)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer g.Close("vmcore ended")
	d, hist, out := g.d, g.hist, g.out

	// Stops reach us as events whoever caused them: our own run, or a
	// client's continue after it attached. The run starts before the
	// server is announced, so that a client attaching finds it running
	// and stops it.
	sub := d.Subscribe(1024)
	defer sub.Close()
	go func() {
		if opt.maxInsns.set {
			_, _ = d.RunUntil(context.Background(), opt.maxInsns.v)
		} else {
			_, _ = d.Continue(context.Background())
		}
	}()

	sctx, cancel := context.WithCancel(ctx)
	killed := new(atomic.Bool)
	srv, ln, err := startGDB(addr, d, hist, true, func() { killed.Store(true); cancel() }, env)
	if err != nil {
		cancel()
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.Serve(sctx, ln); err != nil {
			fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		}
	}()

	for {
		select {
		case ev := <-sub.C:
			if ev.Running {
				continue
			}
			st := ev.Stop
			r := machine.Result{Hart: st.Hart, PC: st.PC, Icount: st.Icount, ExitCode: st.ExitCode, Source: st.ExitSource}
			switch st.Kind {
			case debugger.StopExit:
				r.Reason = machine.ReasonFail
				if st.Passed {
					r.Reason = machine.ReasonPass
				}
			case debugger.StopIdle:
				r.Reason = machine.ReasonIdle
			case debugger.StopLimit:
				r.Reason = machine.ReasonLimit
			default:
				continue // a client stopped it; it will resume it
			}
			out.Close()
			return report(r, env.Err)
		case <-sctx.Done():
			d.Pause()
			if killed.Load() {
				fmt.Fprintln(env.Err, "vmcore: killed by the GDB client")
				return ExitError
			}
			r := machine.Result{Reason: machine.ReasonInterrupted}
			_ = d.Do(func(m *machine.Machine) { r.PC, r.Icount = m.Harts()[0].PC(), m.Icount() })
			out.Close()
			return report(r, env.Err)
		}
	}
}

// gdbMachine is a machine served to GDB: the console on stdout, stdin
// feeding the UART (a terminal in raw mode), and the debugged machine
// (history, journal, debugger).
type gdbMachine struct {
	*debugged
	out     *consoleWriter
	errw    io.Writer
	restore func()
}

func newGDBMachine(ctx context.Context, p program, opt runOptions, ro recordOptions, env Env) (*gdbMachine, error) {
	out := newConsoleWriter(env.Out)
	dbg, err := newDebugged(ctx, p, opt, ro, out, env.In != nil, env)
	if err != nil {
		out.Close()
		return nil, err
	}
	g := &gdbMachine{debugged: dbg, out: out, errw: env.Err, restore: func() {}}
	if id := dbg.SessionID(); id != "" {
		fmt.Fprintf(env.Err, "vmcore: recording session %s\n", id)
		dbg.j.OnEnd(func(reason string) { fmt.Fprintf(env.Err, "vmcore: recording ended: %s\n", reason) })
	}
	if env.In != nil {
		g.restore = rawTerminal(env.In)
		go feedInput(env.In, dbg.m)
	}
	return g, nil
}

// Close ends the recording with reason and releases the parts in reverse
// order of making them. Flushing the console (out.Close) is idempotent,
// so callers may flush earlier.
func (g *gdbMachine) Close(reason string) {
	if err := g.debugged.Close(reason); err != nil {
		fmt.Fprintf(g.errw, "vmcore: ending the recording: %v\n", err)
	}
	g.restore()
	g.out.Close()
}
