package machine

// StateFormat numbers the definition of the machine state: what Snapshot
// holds and StateHash covers (the harts' registers, the devices on the
// board, RAM). It goes up whenever that definition changes — a new
// register file, a new device — so that a replay can tell that a recording
// was made under another definition, whose checkpoint hashes this vmcore
// cannot reproduce even when it executes the same instructions.
//
// History: 1, the first release; 2, F/D registers and fcsr in the harts, and
// the goldfish RTC and virtio-mmio slots on the board.
const StateFormat = 2
