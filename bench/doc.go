// Package bench measures the speed of vmcore's RV64 interpreter and checks
// that the benchmark guest computes the right thing.
//
// The guest (guest/bench.c, built by guest/Makefile into the committed
// guest/bench.elf and guest/bench-small.elf) is freestanding C for QEMU's
// virt board: CRC32, a sieve, 64-bit multiply/divide mixing, a quicksort and
// a word copy, repeated a compile-time number of rounds. It prints a
// "checksum" line, which the same C built for the host prints too, and the
// minstret CSR at its end, which is the run's retired-instruction count.
//
// Invariants the tests hold:
//   - the guest, run under QEMU or vmcore, prints exactly the "parts" and
//     "checksum" lines that the host build of the same source prints;
//   - the committed ELFs are what guest/Makefile builds from the committed
//     sources;
//   - nothing here asserts on wall-clock time: speed is reported by
//     benchmarks (go test -bench . ./bench/) and by run.sh, never tested.
//
// run.sh runs the big guest under vmcore and QEMU (with and without -icount)
// in one invocation and prints MIPS for each and their ratios.
package bench
