package machine

import (
	"fmt"

	"vmcore/vm/device"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine/fdt"
)

// ISA string and MMU type advertised for every hart.
const (
	dtISA     = "rv64imafdc_zicsr_zifencei"
	dtMMU     = "riscv,sv48"
	dtUARTClk = 0x384000 // QEMU's 3.6864 MHz UART clock
)

// buildDTB describes the board as QEMU virt's device tree does (the nodes
// vmcore implements, with the same names, properties and phandle order),
// so that firmware and kernels find the same devices at the same places.
// img, if not nil, adds its initrd to /chosen. All eight virtio-mmio slots
// are listed whether they hold a device or not, as QEMU does: a driver
// finds an empty slot by its device id 0, and hot-plug needs no new DTB.
func buildDTB(cfg *Config, img *Image) ([]byte, error) {
	b := fdt.NewBuilder()
	b.BeginNode("")
	b.PropU32("#address-cells", 2)
	b.PropU32("#size-cells", 2)
	b.PropString("compatible", "riscv-virtio")
	b.PropString("model", "riscv-virtio,qemu")

	b.BeginNode("chosen")
	b.PropString("stdout-path", fmt.Sprintf("/soc/serial@%x", device.UARTBase))
	if cfg.Bootargs != "" {
		b.PropString("bootargs", cfg.Bootargs)
	}
	if img != nil && img.InitrdEnd > img.InitrdStart {
		// QEMU 7.2 writes one cell when the address fits.
		for _, p := range []struct {
			name string
			v    uint64
		}{{"linux,initrd-start", img.InitrdStart}, {"linux,initrd-end", img.InitrdEnd}} {
			if p.v>>32 == 0 {
				b.PropU32(p.name, uint32(p.v))
			} else {
				b.PropU64(p.name, p.v)
			}
		}
	}
	b.EndNode()

	// Phandles as QEMU allocates them: each cpu then its interrupt
	// controller, from the highest hart down, then the PLIC, then the
	// test device.
	cpuPh := make([]uint32, cfg.Harts)
	intcPh := make([]uint32, cfg.Harts)
	next := uint32(1)
	for i := cfg.Harts - 1; i >= 0; i-- {
		cpuPh[i], intcPh[i] = next, next+1
		next += 2
	}
	plicPh, testPh := next, next+1

	for _, n := range []struct {
		name  string
		value uint32
	}{{"poweroff", device.FinisherPass}, {"reboot", device.FinisherReset}} {
		b.BeginNode(n.name)
		b.PropU32("value", n.value)
		b.PropU32("offset", 0)
		b.PropU32("regmap", testPh)
		b.PropString("compatible", "syscon-"+n.name)
		b.EndNode()
	}

	b.BeginNode(fmt.Sprintf("memory@%x", RAMBase))
	b.PropString("device_type", "memory")
	b.PropU64("reg", RAMBase, cfg.RAMSize)
	b.EndNode()

	b.BeginNode("cpus")
	b.PropU32("#address-cells", 1)
	b.PropU32("#size-cells", 0)
	b.PropU32("timebase-frequency", TimebaseHz)
	for i := range cfg.Harts {
		b.BeginNode(fmt.Sprintf("cpu@%d", i))
		b.PropU32("phandle", cpuPh[i])
		b.PropString("device_type", "cpu")
		b.PropU32("reg", uint32(i))
		b.PropString("status", "okay")
		b.PropString("compatible", "riscv")
		b.PropString("riscv,isa", dtISA)
		b.PropString("mmu-type", dtMMU)
		b.BeginNode("interrupt-controller")
		b.PropU32("#interrupt-cells", 1)
		b.PropEmpty("interrupt-controller")
		b.PropString("compatible", "riscv,cpu-intc")
		b.PropU32("phandle", intcPh[i])
		b.EndNode()
		b.EndNode()
	}
	b.BeginNode("cpu-map")
	b.BeginNode("cluster0")
	for i := range cfg.Harts {
		b.BeginNode(fmt.Sprintf("core%d", i))
		b.PropU32("cpu", cpuPh[i])
		b.EndNode()
	}
	b.EndNode()
	b.EndNode()
	b.EndNode() // cpus

	b.BeginNode("soc")
	b.PropU32("#address-cells", 2)
	b.PropU32("#size-cells", 2)
	b.PropString("compatible", "simple-bus")
	b.PropEmpty("ranges")

	b.BeginNode(fmt.Sprintf("rtc@%x", device.RTCBase))
	b.PropU32("interrupts", device.RTCIRQ)
	b.PropU32("interrupt-parent", plicPh)
	b.PropU64("reg", device.RTCBase, device.RTCSize)
	b.PropString("compatible", "google,goldfish-rtc")
	b.EndNode()

	b.BeginNode(fmt.Sprintf("serial@%x", device.UARTBase))
	b.PropU32("interrupts", device.UARTIRQ)
	b.PropU32("interrupt-parent", plicPh)
	b.PropU32("clock-frequency", dtUARTClk)
	b.PropU64("reg", device.UARTBase, device.UARTSize)
	b.PropString("compatible", "ns16550a")
	b.EndNode()

	b.BeginNode(fmt.Sprintf("test@%x", device.FinisherBase))
	b.PropU32("phandle", testPh)
	b.PropU64("reg", device.FinisherBase, device.FinisherSize)
	b.PropString("compatible", "sifive,test1", "sifive,test0", "syscon")
	b.EndNode()

	// QEMU creates the nodes from the last slot down.
	for i := virtio.Slots - 1; i >= 0; i-- {
		base := virtio.MMIOBase + uint64(i)*virtio.MMIOSize
		b.BeginNode(fmt.Sprintf("virtio_mmio@%x", base))
		b.PropU32("interrupts", uint32(virtio.FirstIRQ+i))
		b.PropU32("interrupt-parent", plicPh)
		b.PropU64("reg", base, virtio.MMIOSize)
		b.PropString("compatible", "virtio,mmio")
		b.EndNode()
	}

	var plicIrqs, clintIrqs []uint32
	for i := range cfg.Harts {
		plicIrqs = append(plicIrqs, intcPh[i], 11, intcPh[i], 9)  // M ext, S ext
		clintIrqs = append(clintIrqs, intcPh[i], 3, intcPh[i], 7) // M soft, M timer
	}
	b.BeginNode(fmt.Sprintf("plic@%x", device.PLICBase))
	b.PropU32("phandle", plicPh)
	b.PropU32("riscv,ndev", device.PLICSources-1)
	b.PropU64("reg", device.PLICBase, device.PLICSize)
	b.PropU32("interrupts-extended", plicIrqs...)
	b.PropEmpty("interrupt-controller")
	b.PropString("compatible", "sifive,plic-1.0.0", "riscv,plic0")
	b.PropU32("#address-cells", 0)
	b.PropU32("#interrupt-cells", 1)
	b.EndNode()

	b.BeginNode(fmt.Sprintf("clint@%x", device.CLINTBase))
	b.PropU32("interrupts-extended", clintIrqs...)
	b.PropU64("reg", device.CLINTBase, device.CLINTSize)
	b.PropString("compatible", "sifive,clint0", "riscv,clint0")
	b.EndNode()

	b.EndNode() // soc
	b.EndNode() // root
	return b.Finish()
}

// dtbAddr places the DTB as QEMU does: at the highest 2 MiB boundary that
// leaves room for it below the end of RAM (or below the 3 GiB physical
// address, whichever is lower), so a kernel loaded low does not overwrite it. Tiny RAMs that
// have no such boundary get it 8-byte aligned at the very top.
func dtbAddr(ramSize uint64, dtbLen int) uint64 {
	end := min(RAMBase+ramSize, 3<<30)
	const align = 2 << 20
	if end-RAMBase >= uint64(dtbLen)+align {
		return (end - uint64(dtbLen)) &^ (align - 1)
	}
	return (end - uint64(dtbLen)) &^ 7
}
