// Package riscv is an RV64 hart: instruction decoding, execution, CSRs,
// privilege levels, the MMU, and a GNU-objdump-compatible disassembler.
// It knows nothing of VMs, stores or screens and imports nothing of this
// project; the board (vm/machine) gives it RAM, a device bus and a clock.
//
// Decoding. Decode turns the 32 bits a hart fetched into an Inst: a dense
// Op plus register numbers and one immediate, with the operand convention
// of each Op group documented in inst.go. Compressed (RVC) instructions
// expand to the base Op they stand for, with Len 2, so the executor has
// one case per operation. Decode is a pure function of the encoding that
// neither allocates nor fails: anything not implemented (reserved
// encodings, other extensions) is OpIllegal with Raw and Len set, and the
// hart raises an illegal-instruction trap when it runs one.
//
// Floating point (F and D). The f registers hold 64 raw bits; a single
// lives NaN-boxed in the low half (upper half all ones), and a single
// read from a register that is not properly boxed is the canonical NaN.
// Arithmetic is the pure-Go soft-float of the softfloat sub-package, so
// results, rounding modes and fflags are exact and identical on every
// host. F/D instructions and the fflags/frm/fcsr CSRs trap as illegal
// while mstatus.FS is Off; any instruction that may change F/D state sets
// FS to Dirty. The interpreter hands the whole F/D Op range to one
// function outside its integer switch, so integer code does not pay for
// floating point.
// The hart caches decoded instructions per code page, which is sound
// only because Decode depends on nothing but its argument.
//
// Disassembly. Disasm prints an Inst exactly as GNU objdump 2.40
// (riscv64-unknown-elf-objdump -d, optionally -M no-aliases) prints it
// after the encoding column, including objdump's pseudo-ops, CSR names,
// symbolic branch targets and the "# address <symbol>" comments objdump
// derives from lui/auipc pairs and gp/tp/zero-relative accesses (which
// need a DisasmState carried from one instruction to the next). The tests
// hold Disasm to objdump's own output on a corpus of every instruction
// form, every CSR and thousands of random encodings (testdata/disasm),
// and on every guest ELF committed under the repository's testdata/.
//
// Concurrency: a Hart is driven by one goroutine (see Hart). Decode,
// Disasm, CSRName and the name tables are safe for concurrent use; a
// DisasmState belongs to one disassembly pass.
package riscv
