// Package asm is vmcore's built-in RISC-V assembler and linker: it turns a
// GNU-as-syntax .s file into a linked RV64 ELF executable, so that a
// student can run and debug assembly with no cross toolchain installed.
//
// Entry points:
//
//   - Assemble(file, src, Options) assembles and links one file into a
//     Program (sections with addresses and bytes, symbols, a line table,
//     the entry point, and Warnings where GNU as warns too: a value
//     truncated to its field, a shift count out of range); errors come
//     back as an ErrorList whose entries name file, line and column and
//     show the line with a caret. Layout and linking run even after
//     errors, so that undefined symbols and the like are reported in the
//     same run (up to Options.MaxErrors, in source order); an error in a
//     symbol's definition is reported there once, not at each use. A
//     failed assembly's ErrorList also holds its warnings (Warning set),
//     in line order among the errors, as GNU as prints both.
//   - (*Program).WriteELF writes an ET_EXEC, EM_RISCV ELF64 file with one
//     PT_LOAD per section, .symtab/.strtab and DWARF 4 line information.
//   - AssembleLine(text, pc, WithSymbols(lookup)) assembles one
//     instruction for patching memory; the lookup resolves the loaded
//     program's symbols as absolute addresses (Options.Lookup does the
//     same for Assemble).
//
// Invariant: for the syntax it accepts, the bytes are those of
// "riscv64-unknown-elf-as -mno-relax" linked by "ld --no-relax" with
// testdata/link.ld (text at Options.TextBase, then .rodata, .data and
// .bss, each at the next address its alignment allows). Linker relaxation
// is not modelled: an assembler that is also the linker has no use for it,
// and it would make the bytes depend on a second tool. The corpus in
// testdata is compared with GNU's output (golden dumps, and live when the
// toolchain is installed). The programs in testdata/run are part of that
// corpus and also check themselves when run: internal/cli runs them under
// vmcore run, and this package's tests run them on QEMU.
//
// Matching GNU as means copying its choices, not just the ISA:
//
//   - expressions compute on 64 bits as gas does: >> is logical, / and %
//     and the comparisons (true is -1) are signed, and the ranks are gas's
//     (* / % << >>, then | & ^ !, then + - and comparisons, then &&, ||);
//     string escapes follow gas (\a is 'a', \9 is 9, \x keeps the low
//     byte of all its hex digits), and adjacent string literals in one
//     operand of .ascii/.asciz/.string concatenate ("a" "b" is "ab";
//     .asciz terminates each comma-separated operand once);
//   - GNU as creates .text, .data and .bss before reading the source and
//     ld keeps an object's section order, so .data precedes a .sdata the
//     source names first; the assembler creates them first too;
//   - explicit compressed HINT forms (c.add/c.mv/c.li/c.slli/c.lui/c.addi
//     with rd x0, c.nop imm, c.slli64 and kin) are accepted as GNU does;
//   - compression follows GNU's opcode table, per mnemonic and in order
//     (addi a0,a1,0 becomes c.mv; add a0,a0,0 becomes c.addi; an operand
//     written with %lo/%hi is never compressed);
//   - li expands with gas's load_const, each piece compressed on its own;
//   - a branch or j to a label in the same section is relaxed as gas does
//     without linker relaxation: 2 bytes when compressible and in reach, 4
//     otherwise, and an inverted branch over a jal (6 or 8 bytes) when out
//     of branch reach or in another section;
//   - code alignment pads with a zero byte, a c.nop and 4-byte nops, is
//     ignored when not larger than the instruction alignment, and code
//     sections are padded at the end to their alignment.
//
// Differences from GNU as: '//' also starts a comment; .rodata is accepted
// as a directive; la is always lla (no PIC, no GOT); %hi of a symbol above
// 2 GiB is an error (ld reports it too, as a truncated relocation); a
// character literal with an octal or hex escape ('\101') is the escaped
// byte (gas 2.40 computes something else and warns); the C preprocessor
// is not run: a .S file that needs it gets an error saying so.
//
// The package imports nothing of vmcore: the ISA tables it needs are its
// own, so it can be used by the loader, the screen and tests alike.
package asm
