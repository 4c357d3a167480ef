// Command datasum prints the length and FNV-1a 64 checksum of the data
// block "blk" in ../data.s, built here from the meaning of each directive
// rather than by an assembler, so that data.s can check at run time what
// the assembler laid down against values computed independently. Run it
// from the repository root after changing that block:
//
//	go run ./isa/riscv/asm/testdata/run/datasum
//
// and copy its output over the .equ lines BLK_LEN and BLK_FNV in data.s.
package main

import (
	"encoding/binary"
	"fmt"
)

// block accumulates bytes as the directives of data.s would; blk starts
// 8-byte aligned, so offsets into the block decide alignment padding.
type block []byte

func (b *block) bytes(v ...byte) { *b = append(*b, v...) }
func (b *block) half(v ...uint16) {
	for _, x := range v {
		*b = binary.LittleEndian.AppendUint16(*b, x)
	}
}
func (b *block) word(v ...uint32) {
	for _, x := range v {
		*b = binary.LittleEndian.AppendUint32(*b, x)
	}
}
func (b *block) dword(v ...uint64) {
	for _, x := range v {
		*b = binary.LittleEndian.AppendUint64(*b, x)
	}
}
func (b *block) align(n int, fill byte) {
	for len(*b)%n != 0 {
		*b = append(*b, fill)
	}
}
func (b *block) fill(n int, v byte) {
	for range n {
		*b = append(*b, v)
	}
}

func main() {
	const count = 5
	const mask = 1<<count - 1
	var b block
	b.bytes(1, 2, 0x80, 0xff, 'A')                  // .byte 1, 2, 0x80, -1, 'A'
	b.align(2, 0)                                   // .p2align 1
	b.half(0x1234, 0xfffe)                          // .half 0x1234, -2
	b.half(7, 8)                                    // .short 7 / .2byte 8
	b.align(4, 0)                                   // .align 2
	b.word(0xdeadbeef, count)                       // .word 0xdeadbeef, COUNT
	b.word(1, 2)                                    // .long 1 / .4byte 2
	b.align(8, 0)                                   // .p2align 3
	b.dword(0x0123456789abcdef, 0xfffffffffffffffe) // .dword 0x0123456789abcdef, -2
	b.dword(3, 0xffffffffffffffff)                  // .8byte 3 / .quad -1
	b.bytes([]byte("abcde\n")...)                   // .ascii "abc", "de\n"
	b.bytes([]byte("nul\t\"q\"\\\x00")...)          // .asciz "nul\t\"q\"\\"
	b.bytes([]byte("sAB\x00")...)                   // .string "s\101\x42"
	b.fill(3, 0)                                    // .zero 3
	b.fill(2, 0x7f)                                 // .space 2, 0x7f
	b.fill(1, 0)                                    // .skip 1
	b.align(8, 0xee)                                // .balign 8, 0xee
	b.word(0x11223344, 0x11223344)                  // .fill 2, 4, 0x11223344
	b.word(mask, mask*2)                            // .word MASK, MASK2
	b.align(16, 0)                                  // .balign 16
	lenAt := len(b)
	b.dword(0) // .dword blk_end - blk
	binary.LittleEndian.PutUint64(b[lenAt:], uint64(len(b)))

	h := uint64(0xcbf29ce484222325)
	for _, c := range b {
		h ^= uint64(c)
		h *= 0x100000001b3
	}
	fmt.Printf("\t.equ\tBLK_LEN, %d\n\t.equ\tBLK_FNV, %#x\n", len(b), h)
}
