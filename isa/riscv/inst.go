package riscv

// Op is the dense operation code of a decoded instruction. The hart's
// interpreter switches on it, so the values are small and contiguous and the
// compiler can turn the switch into a jump table.
//
// Compressed (RVC) instructions decode to the Op of the base instruction they
// expand to (c.addi -> OpADDI, c.ebreak -> OpEBREAK, ...); Inst.Len is 2 and
// Inst.Raw keeps the 16-bit encoding, which the disassembler uses to print the
// c.* name.
type Op uint16

// Operation codes. The operand convention of each group is given in its
// comment; fields not named are zero.
const (
	OpIllegal Op = iota // any encoding this hart does not implement; Raw holds it

	// U-type: Rd, Imm = sign-extended (raw & 0xfffff000).
	OpLUI
	OpAUIPC
	// J-type: Rd, Imm = signed byte offset from pc.
	OpJAL
	// I-type: Rd, Rs1, Imm = signed 12-bit offset.
	OpJALR
	// B-type: Rs1, Rs2, Imm = signed byte offset from pc.
	OpBEQ
	OpBNE
	OpBLT
	OpBGE
	OpBLTU
	OpBGEU
	// Loads, I-type: Rd, Rs1, Imm = signed offset.
	OpLB
	OpLH
	OpLW
	OpLD
	OpLBU
	OpLHU
	OpLWU
	// Stores, S-type: Rs1 (base), Rs2 (value), Imm = signed offset.
	OpSB
	OpSH
	OpSW
	OpSD
	// Register-immediate: Rd, Rs1, Imm = signed 12-bit immediate, or the
	// shift amount (0..63 for SLLI/SRLI/SRAI, 0..31 for the W forms).
	OpADDI
	OpSLTI
	OpSLTIU
	OpXORI
	OpORI
	OpANDI
	OpSLLI
	OpSRLI
	OpSRAI
	OpADDIW
	OpSLLIW
	OpSRLIW
	OpSRAIW
	// Register-register: Rd, Rs1, Rs2.
	OpADD
	OpSUB
	OpSLL
	OpSLT
	OpSLTU
	OpXOR
	OpSRL
	OpSRA
	OpOR
	OpAND
	OpADDW
	OpSUBW
	OpSLLW
	OpSRLW
	OpSRAW
	// M extension: Rd, Rs1, Rs2.
	OpMUL
	OpMULH
	OpMULHSU
	OpMULHU
	OpDIV
	OpDIVU
	OpREM
	OpREMU
	OpMULW
	OpDIVW
	OpDIVUW
	OpREMW
	OpREMUW
	// A extension: Rd, Rs1 (address), Rs2 (value; zero for LR). The aq/rl
	// bits are only in Raw: one goroutine runs all harts, so every AMO is
	// already sequentially consistent.
	OpLRW
	OpSCW
	OpAMOSWAPW
	OpAMOADDW
	OpAMOXORW
	OpAMOANDW
	OpAMOORW
	OpAMOMINW
	OpAMOMAXW
	OpAMOMINUW
	OpAMOMAXUW
	OpLRD
	OpSCD
	OpAMOSWAPD
	OpAMOADDD
	OpAMOXORD
	OpAMOANDD
	OpAMOORD
	OpAMOMIND
	OpAMOMAXD
	OpAMOMINUD
	OpAMOMAXUD
	// Fences: FENCE keeps pred/succ/fm only in Raw. FENCE.I has no operands.
	OpFENCE
	OpFENCEI
	// Zicsr: Rd, Rs1 (register, or the 5-bit zimm for the *I forms),
	// Imm = CSR number (0..4095).
	OpCSRRW
	OpCSRRS
	OpCSRRC
	OpCSRRWI
	OpCSRRSI
	OpCSRRCI
	// System: no operands, except SFENCE.VMA: Rs1 (vaddr), Rs2 (asid).
	OpECALL
	OpEBREAK
	OpMRET
	OpSRET
	OpWFI
	OpSFENCEVMA

	// F and D extensions. Loads, I-type: Rd (f register), Rs1 (base),
	// Imm = signed offset. Stores, S-type: Rs1 (base), Rs2 (f register),
	// Imm = signed offset.
	OpFLW
	OpFLD
	OpFSW
	OpFSD
	// Fused multiply-add, R4-type: Rd, Rs1, Rs2 (f registers),
	// Imm = rm | rs3<<3.
	OpFMADDS
	OpFMSUBS
	OpFNMSUBS
	OpFNMADDS
	OpFMADDD
	OpFMSUBD
	OpFNMSUBD
	OpFNMADDD
	// OP-FP: Rd, Rs1, Rs2 (f or x registers as the operation says),
	// Imm = the rm field (funct3) for the operations that round; zero for
	// the others (their funct3 selects the Op).
	OpFADDS
	OpFSUBS
	OpFMULS
	OpFDIVS
	OpFSQRTS
	OpFSGNJS
	OpFSGNJNS
	OpFSGNJXS
	OpFMINS
	OpFMAXS
	OpFCVTWS
	OpFCVTWUS
	OpFCVTLS
	OpFCVTLUS
	OpFMVXW
	OpFEQS
	OpFLTS
	OpFLES
	OpFCLASSS
	OpFCVTSW
	OpFCVTSWU
	OpFCVTSL
	OpFCVTSLU
	OpFMVWX
	OpFADDD
	OpFSUBD
	OpFMULD
	OpFDIVD
	OpFSQRTD
	OpFSGNJD
	OpFSGNJND
	OpFSGNJXD
	OpFMIND
	OpFMAXD
	OpFCVTWD
	OpFCVTWUD
	OpFCVTLD
	OpFCVTLUD
	OpFMVXD
	OpFEQD
	OpFLTD
	OpFLED
	OpFCLASSD
	OpFCVTDW
	OpFCVTDWU
	OpFCVTDL
	OpFCVTDLU
	OpFMVDX
	OpFCVTSD
	OpFCVTDS

	// NumOps is one past the last Op; tables indexed by Op use it as length.
	NumOps
)

// Inst is one decoded instruction. It is a plain value: the decoder fills it
// from the encoding alone, so the same encoding always yields the same Inst.
type Inst struct {
	Op  Op
	Rd  uint8  // destination register number 0..31 (architectural; 0 is x0)
	Rs1 uint8  // first source register, or zimm for CSRR*I
	Rs2 uint8  // second source register
	Len uint8  // instruction length in bytes: 2 (RVC) or 4
	Imm int64  // immediate, meaning per Op group (see the Op constants)
	Raw uint32 // the encoding as fetched: 16 bits for RVC, 32 otherwise
}

// IsCompressed reports whether the instruction came from a 16-bit RVC
// encoding.
func (i Inst) IsCompressed() bool { return i.Len == 2 }
