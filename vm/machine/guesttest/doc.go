// Package guesttest runs the self-checking guest programs of
// testdata/guests on the vmcore board and on QEMU, and compares the two.
//
// It holds only tests. Each guest program is a bare-metal RV64 ELF linked
// at 0x80000000 for QEMU's virt board; it checks one area of the ISA or the
// board, prints "<name>: PASS" (or "FAIL n" naming the failing case) on the
// UART and powers off through the sifive_test finisher with exit code 0 or
// the number of the failing case. A few programs cannot run on QEMU 7.2
// (HTIF, or rules QEMU breaks); testdata/guests/vmcore-only.txt lists them
// with the reason.
//
// Invariants the tests hold the board to:
//   - every program passes on vmcore within a fixed instruction budget;
//   - its console output equals the golden file in testdata/, which was
//     recorded from QEMU (go test -run TestGuestsOnQEMU -update);
//   - QEMU, when installed, gives the same console output and exit status
//     as vmcore for every program it can run (the differential test).
//
// The ELFs are committed beside their sources, so plain `go test` needs no
// cross compiler; rebuild them with `make -C testdata/guests`.
package guesttest
