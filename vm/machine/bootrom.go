package machine

import "encoding/binary"

// Boot ROM placement, as QEMU virt's MROM.
const (
	ROMBase uint64 = 0x1000
	ROMSize uint64 = 0xf000
)

// fw_dynamic_info (OpenSBI's dynamic firmware handoff), which QEMU places
// right after the reset vector and points a2 at.
const (
	fwDynMagic    = 0x4942534f // "OSBI"
	fwDynVersion  = 2
	fwDynNextModS = 1
)

// bootROM builds QEMU's reset vector: every hart starts at ROMBase with
// a0 = mhartid, a1 = the DTB address and a2 = &fw_dynamic_info, and jumps
// to entry in M-mode. fw_dynamic_info's next_addr is next (the kernel's
// entry, for OpenSBI's fw_dynamic; fw_jump ignores it).
//
//	auipc t0, 0           // t0 = 0x1000
//	addi  a2, t0, 40      // a2 = &fw_dynamic_info
//	csrr  a0, mhartid
//	ld    a1, 32(t0)      // fdt address
//	ld    t0, 24(t0)      // entry
//	jr    t0
//	.dword entry
//	.dword fdt
//	fw_dynamic_info{magic, version, next_addr, next_mode, options, boot_hart}
func bootROM(entry, fdt, next uint64) []byte {
	rom := make([]byte, ROMSize)
	words := []uint32{0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067}
	for i, w := range words {
		binary.LittleEndian.PutUint32(rom[4*i:], w)
	}
	binary.LittleEndian.PutUint64(rom[24:], entry)
	binary.LittleEndian.PutUint64(rom[32:], fdt)
	for i, v := range []uint64{fwDynMagic, fwDynVersion, next, fwDynNextModS, 0, 0} {
		binary.LittleEndian.PutUint64(rom[40+8*i:], v)
	}
	return rom
}
