package machine

import (
	"fmt"
	"slices"
)

// Booting firmware the way QEMU's virt machine does (hw/riscv/boot.c,
// QEMU 7.2): -bios at the start of RAM, -kernel at the first 2 MiB
// boundary after the firmware (where OpenSBI's fw_jump jumps, 0x80200000
// for firmware under 2 MiB), -initrd at kernel + min(RAM/2, 128 MiB), the
// DTB at the end of RAM (dtbAddr), and the boot ROM entering the firmware
// with a0 = hart id, a1 = DTB, a2 = fw_dynamic_info naming the kernel.

// KernelAlign is the alignment of a raw kernel placed after the firmware
// on RV64.
const KernelAlign = 2 << 20

// File is a named file's contents.
type File struct {
	Name string
	Data []byte
}

// BootFiles are the inputs of BootImage. Firmware is required; Kernel and
// Initrd are optional (an empty Name means absent).
type BootFiles struct {
	Firmware File
	Kernel   File
	Initrd   File
}

// fileImage parses an ELF, or places a raw binary at addr.
func fileImage(f File, addr uint64) (*Image, error) {
	if IsELF(f.Data) {
		return ParseELF(f.Name, f.Data)
	}
	return RawImage(f.Name, f.Data, addr)
}

func imageEnd(img *Image) uint64 {
	var end uint64
	for _, s := range img.Segments {
		end = max(end, s.Addr+s.MemSize)
	}
	return end
}

// BootImage assembles firmware, kernel and initrd into one Image for a
// board with ramSize bytes of RAM, placing each as QEMU does. ELF files
// load at their physical addresses; raw ones at the conventional places.
// The image's entry is the firmware's; Next is the kernel's entry (0
// without a kernel). Overlaps and pieces outside RAM are errors naming the
// file.
func BootImage(b BootFiles, ramSize uint64) (*Image, error) {
	if b.Firmware.Name == "" {
		return nil, &LoadError{File: "(firmware)", Err: ErrEmpty, Detail: "no firmware given"}
	}
	fw, err := fileImage(b.Firmware, RAMBase)
	if err != nil {
		return nil, err
	}
	img := &Image{
		Name:     b.Firmware.Name,
		Entry:    fw.Entry,
		Segments: slices.Clone(fw.Segments),
		Code:     slices.Clone(fw.Code),
		Symbols:  fw.Symbols,
		Boot:     true,
	}
	kernelAt := (imageEnd(fw) + KernelAlign - 1) &^ (KernelAlign - 1)
	var kernel *Image
	if b.Kernel.Name != "" {
		if kernel, err = fileImage(b.Kernel, kernelAt); err != nil {
			return nil, err
		}
		img.Name += "+" + b.Kernel.Name
		img.Next = kernel.Entry
		img.Segments = append(img.Segments, kernel.Segments...)
		img.Code = append(img.Code, kernel.Code...)
	}
	if b.Initrd.Name != "" {
		if kernel == nil {
			return nil, &LoadError{File: b.Initrd.Name, Err: ErrOutsideRAM, Detail: "an initrd needs a kernel (QEMU places it after the kernel)"}
		}
		if len(b.Initrd.Data) == 0 {
			return nil, &LoadError{File: b.Initrd.Name, Err: ErrEmpty}
		}
		start := kernel.Entry + min(ramSize/2, 128<<20)
		img.InitrdStart, img.InitrdEnd = start, start+uint64(len(b.Initrd.Data))
		img.Name += "+" + b.Initrd.Name
		img.Segments = append(img.Segments, Segment{Addr: start, Data: b.Initrd.Data, MemSize: uint64(len(b.Initrd.Data))})
	}
	names := []string{b.Firmware.Name, b.Kernel.Name, b.Initrd.Name}
	owner := func(i int) string {
		n := len(fw.Segments)
		switch {
		case i < n:
			return names[0]
		case kernel != nil && i < n+len(kernel.Segments):
			return names[1]
		}
		return names[2]
	}
	for i, s := range img.Segments {
		if !(s.Addr >= RAMBase && s.Addr-RAMBase < ramSize && s.MemSize <= ramSize-(s.Addr-RAMBase)) {
			return nil, &LoadError{File: owner(i), Err: ErrOutsideRAM, Detail: fmt.Sprintf(
				"%#x..%#x; RAM is %#x..%#x", s.Addr, s.Addr+s.MemSize, RAMBase, RAMBase+ramSize)}
		}
		for j := range i {
			o := img.Segments[j]
			if s.Addr < o.Addr+o.MemSize && o.Addr < s.Addr+s.MemSize && owner(i) != owner(j) {
				return nil, &LoadError{File: owner(i), Err: ErrOutsideRAM, Detail: fmt.Sprintf(
					"%#x..%#x overlaps %s at %#x..%#x", s.Addr, s.Addr+s.MemSize, owner(j), o.Addr, o.Addr+o.MemSize)}
			}
		}
	}
	return img, nil
}
