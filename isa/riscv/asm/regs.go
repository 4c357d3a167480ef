package asm

import (
	"strconv"
	"strings"
)

var abiGPR = [32]string{
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
}

var abiFPR = [32]string{
	"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
	"fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
	"fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
	"fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
}

var gprByName, fprByName = func() (map[string]int, map[string]int) {
	g, f := map[string]int{"fp": 8}, map[string]int{}
	for i := 0; i < 32; i++ {
		g[abiGPR[i]] = i
		g["x"+strconv.Itoa(i)] = i
		f[abiFPR[i]] = i
		f["f"+strconv.Itoa(i)] = i
	}
	return g, f
}()

// looksLikeReg reports whether a name that is not a register was probably
// meant as one (x32, f40, a9), so the error can say "unknown register".
func looksLikeReg(s string) bool {
	if len(s) < 2 {
		return false
	}
	switch s[0] {
	case 'x', 'f', 'a', 's', 't':
		_, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(s[1:], "t"), "s"))
		return err == nil
	}
	return false
}

// csrByName maps the CSR names that GNU as knows for RV64 to their numbers.
var csrByName = func() map[string]int {
	m := map[string]int{
		"fflags": 0x001, "frm": 0x002, "fcsr": 0x003,
		"cycle": 0xc00, "time": 0xc01, "instret": 0xc02,
		"sstatus": 0x100, "sie": 0x104, "stvec": 0x105, "scounteren": 0x106,
		"senvcfg": 0x10a, "sscratch": 0x140, "sepc": 0x141, "scause": 0x142,
		"stval": 0x143, "sip": 0x144, "satp": 0x180,
		"mvendorid": 0xf11, "marchid": 0xf12, "mimpid": 0xf13, "mhartid": 0xf14,
		"mconfigptr": 0xf15,
		"mstatus":    0x300, "misa": 0x301, "medeleg": 0x302, "mideleg": 0x303,
		"mie": 0x304, "mtvec": 0x305, "mcounteren": 0x306, "menvcfg": 0x30a,
		"mcountinhibit": 0x320, "mscratch": 0x340, "mepc": 0x341,
		"mcause": 0x342, "mtval": 0x343, "mip": 0x344, "mtinst": 0x34a,
		"mtval2": 0x34b, "mseccfg": 0x747,
		"mcycle": 0xb00, "minstret": 0xb02,
		"tselect": 0x7a0, "tdata1": 0x7a1, "tdata2": 0x7a2, "tdata3": 0x7a3,
		"dcsr": 0x7b0, "dpc": 0x7b1, "dscratch0": 0x7b2, "dscratch1": 0x7b3,
	}
	for i := 3; i < 32; i++ {
		n := strconv.Itoa(i)
		m["hpmcounter"+n] = 0xc00 + i
		m["mhpmcounter"+n] = 0xb00 + i
		m["mhpmevent"+n] = 0x320 + i
	}
	for i := 0; i < 16; i++ {
		m["pmpcfg"+strconv.Itoa(i)] = 0x3a0 + i
	}
	for i := 0; i < 64; i++ {
		m["pmpaddr"+strconv.Itoa(i)] = 0x3b0 + i
	}
	return m
}()

var roundingModes = map[string]int{"rne": 0, "rtz": 1, "rdn": 2, "rup": 3, "rmm": 4, "dyn": 7}
