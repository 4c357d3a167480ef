// Package ui is vmcore's workstation screen: a bubbletea program whose
// panes show a VM's registers, disassembly, memory, breakpoints, event log,
// devices, console and the anatomy of the current instruction, and whose
// keys and `:` command line drive the debugger.
//
// The screen depends on a narrow Backend interface, not on the machine:
// MachineBackend implements it over the debugging engine (package
// debugger), and tests use a fake. Optional capabilities (an event log,
// device state, reverse execution) are separate interfaces that a backend
// may implement; panes for missing ones are simply not shown. SourceLines
// (DWARF line tables, machine.ReadLines) puts "file:line  text" above the
// instructions each source line compiled to.
//
// The registers pane has three views: the integer registers, the CSRs
// decoded into fields (x, or :regs csr), and the f registers (v, or :regs
// f) as raw bits and as numbers, a NaN-boxed single (upper 32 bits all
// ones) read as a single, with fflags, frm and fcsr decoded. Every view
// highlights what changed since the VM last resumed.
//
// The devices pane shows each device's State fields; a virtio slot with
// a device is named with its kind ("virtio7 blk") and shows its features,
// status, interrupt status, queues and backing file, and the empty slots
// share one line. `:attach SPEC` (virtio.ParseSpec's syntax) and `:detach
// SLOT` hot-plug through a backend that implements Hotplugger (the
// debugger records them); a replay refuses both.
//
// The events pane shows the session's domain events when
// MachineOptions.Events is set (the journal's bus; the backend subscribes
// with a bounded queue and notes how many it missed if it falls behind),
// else the debugger's run and stop events.
//
// Keys that arrive in one read (typed ahead, tmux send-keys, a
// bracketed paste) come as one message with several runes: in a text
// input (the command line, the console pane while the guest takes input,
// the memory editor) they are text, a line end in the command line runs
// it; elsewhere they are single keys, run one after the other (keysMsg),
// so "ss" steps twice. A pause is made at once rather than behind the
// keys before it, and a backend that can (MachineBackend, through
// aheadPauser) keeps a pause that comes before the open-ended run asked
// for ahead of it has begun, and stops that run before its first
// instruction: "cp" in one read pauses. In the memory editor hex digits win over keys ('e'
// is a digit there); enter or esc leave it. The memory pane highlights a
// byte as changed by its address, so moving the view highlights nothing.
//
// `:goto N` with a plain decimal N is an icount, live as in a replay: a
// backend that implements IcountSeeker runs there, or goes back with an
// execution history (and says so when there is none), which works after
// the guest halted as reverse steps do; 0x..., symbols and registers
// (also as GDB writes them, $sp) are addresses. After going back the
// anatomy pane says "back to icount N" and what was restored, never a
// count of instructions. set reg echoes what the register holds after
// the write (x0 stays 0, frm keeps three bits) and says when that is not
// what was asked for; nan is the canonical NaN. x/c quotes bytes as GDB
// does ('\267'). After any run or step stops, the disassembly
// follows the pc again, wherever its cursor was put. An error stays on the
// message line until the next key or command; when Snapshot.Recording
// turns false with a reason (Snapshot.RecordingEnded,
// MachineOptions.RecordingEnded: the journal gives one when a change back
// in time forked the time line) the message line says it once; a normal
// end (the guest exited) adds nothing. A message too wide for its line
// (help CMD) is wrapped whole above it until the next key. The status
// bar shows the speed only while running, and the GDB server's address
// (MachineOptions.GDBAddr) until a client connects.
//
// A slot with several panes names them in its top edge, the active one
// in brackets (visible without colour), shortened as needed to fit.
// Below 94 columns the registers go under the disassembly, three a row,
// so that a disassembly line keeps its operands. NO_COLOR keeps bold,
// reverse video and underline (see screenProfile): focus and selection
// stay visible without colour.
//
// Replay mode: a backend that implements Timeline (ReplayBackend, over a
// debugger whose History is debugger.NewReplayRecorder) shows a recorded
// session. A timeline bar across the recording marks checkpoints, inputs,
// pauses, breakpoint hits and the end; [ ] move one instruction, { } to
// the previous/next mark or 2% of the recording, whichever is nearer,
// Home/End to either end, `:goto ICOUNT` anywhere, a click on the bar or
// enter on an event to its icount. Every pane shows the state at that
// icount: the console is a transcript stamped with the icount of the
// instruction that wrote each byte, replaced rather than appended when
// the replay goes back. A replay is read-only.
//
// Invariants:
//   - The VM never runs on the screen's goroutine. The screen samples a
//     Snapshot on a tick (Options.FPS while running, Options.IdleFPS while
//     paused) and never receives one message per instruction, so it costs
//     the hart a bounded amount of time whatever the guest does.
//   - Runs that block (continue, next, finish) are made on command
//     goroutines; Update never blocks on the VM for longer than a
//     snapshot or memory read takes.
//   - Each pane's frame is rendered only when its data, size, focus or the
//     theme changed (a per-pane version number keys a cache); View only
//     concatenates cached lines.
//   - Every line is cut or padded to its pane's width, so guest output or a
//     long symbol can never break the layout; guest escape sequences are
//     stripped from the console.
//   - Below MinWidth x MinHeight the screen shows a message instead of
//     panes.
package ui
