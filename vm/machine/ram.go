package machine

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// mapRAM reserves size bytes of zeroed guest RAM. MAP_NORESERVE makes a
// large RAM free until the guest touches it: the kernel supplies zero pages
// on demand, and pages never written cost nothing.
func mapRAM(size uint64) ([]byte, error) {
	b, err := unix.Mmap(-1, 0, int(size), unix.PROT_READ|unix.PROT_WRITE,
		unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE)
	if err != nil {
		return nil, fmt.Errorf("machine: mapping %d bytes of guest RAM: %w", size, err)
	}
	return b, nil
}

func unmapRAM(b []byte) error {
	if b == nil {
		return nil
	}
	return unix.Munmap(b)
}

// zeroRAM gives RAM back to the kernel: a private anonymous mapping reads
// as zero after MADV_DONTNEED, and only pages touched again cost memory.
// Clearing a large RAM by writing zeros would commit every page.
func zeroRAM(b []byte) {
	if err := unix.Madvise(b, unix.MADV_DONTNEED); err != nil {
		clear(b) // cannot happen for our own mapping; stay correct anyway
	}
}
