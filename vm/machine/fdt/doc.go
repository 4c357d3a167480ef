// Package fdt writes and reads flattened device trees (the DTB format of the
// Devicetree Specification, version 17), which is how vmcore's board
// describes itself to firmware and kernels.
//
// Builder emits nodes and properties in the order they are given, so the
// same calls always produce the same bytes (the determinism contract: the
// DTB is part of the initial machine image). Parse reads a blob back into a
// tree; the board's tests and the devices pane use it, and it rejects
// malformed input with an error naming the offset, never a panic.
package fdt
