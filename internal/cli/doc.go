// Package cli implements vmcore's command line: parsing arguments, loading
// the program, wiring the board to the terminal and mapping the outcome to
// an exit status. main.go only hands it the process's arguments, standard
// streams and a context cancelled by Ctrl-C, so every command is testable
// in-process.
//
// Exit statuses of `vmcore run`: the guest's exit code when it powers off
// (0 for pass; a failure code is reduced to 8 bits, and a failure whose
// code reduces to 0 exits 1 so that it never reads as success), 3 when
// --max-insns runs out, 4 when the guest hangs (every hart waits for an
// interrupt that nothing can raise), 130 after Ctrl-C or SIGTERM, 1 for errors such
// as a bad program file, and 2 for usage errors.
package cli
