#!/usr/bin/env bash
# bench/boot.sh: boot time to the U-Boot prompt, vmcore beside QEMU, on the
# same firmware (Debian's OpenSBI fw_jump + U-Boot qemu-riscv64_smode) and
# the same board (virt, 128 MiB, one hart, a virtio-blk disk).
#
# usage: bench/boot.sh [-r N]
#   -r N   boot each emulator N times and keep the fastest (default 3)
#
# Each boot is driven as a user would: wait for "Hit any key to stop
# autoboot", press Enter, wait for the "=> " prompt. Seconds are wall time
# from process start to the prompt (process start-up and file loading
# included; the console is polled every 5 ms, so a figure is late by up to
# that). Runs:
#   vmcore        vmcore run --no-record --bios ... --kernel ... --drive ...
#   qemu          qemu-system-riscv64 -M virt (TCG JIT)
#   qemu-icount   the same with -icount shift=0 (QEMU's deterministic mode)
# Instructions to the prompt are vmcore's exact count, from the acceptance
# test (go test -run TestUBoot ./vm/machine/boottest -v), which types the
# same keys through the machine API and looks every 100,000 instructions
# (the resolution of the count); QEMU does not count instructions.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
uboot=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin

repeat=3
while (($#)); do
	case "$1" in
	-r) shift; repeat=${1:?-r needs a count} ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "boot.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "boot.sh: -r wants a positive count, got $repeat" >&2; exit 2; }
for f in "$fw" "$uboot"; do
	[[ -f "$f" ]] || { echo "boot.sh: $f missing (apt-get install opensbi u-boot-qemu)" >&2; exit 2; }
done
command -v qemu-system-riscv64 >/dev/null || { echo "boot.sh: qemu-system-riscv64 not installed" >&2; exit 2; }

work=$(mktemp -d /tmp/vmcore-boot.XXXXXX)
pid=
cleanup() {
	[[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
	exec 3>&- 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

truncate -s 1M "$work/disk.img"
(cd "$root" && go build -o "$work/vmcore" .)

now() { date +%s.%N; }

# wait_for FILE TEXT TIMEOUT_S: poll until FILE contains TEXT.
wait_for() {
	local end=$(($(date +%s) + $3))
	until grep -qF -- "$2" "$1" 2>/dev/null; do
		if (($(date +%s) > end)); then
			echo "boot.sh: no \"$2\" within $3 s; console:" >&2
			cat "$1" >&2
			return 1
		fi
		sleep 0.005
	done
}

# boot NAME CMD...: one boot to the prompt; prints the seconds.
boot() {
	local out="$work/console" fifo="$work/in"
	rm -f "$out" "$fifo"
	mkfifo "$fifo"
	local t0
	t0=$(now)
	"$@" <"$fifo" >"$out" 2>&1 &
	pid=$!
	exec 3>"$fifo"
	wait_for "$out" "Hit any key to stop autoboot" 60
	printf '\r' >&3
	wait_for "$out" "=> " 60
	local t1
	t1=$(now)
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=
	exec 3>&-
	echo "$t1 - $t0" | bc -l
}

best() {
	local b=
	for _ in $(seq "$repeat"); do
		local s
		s=$(boot "$@")
		if [[ -z "$b" ]] || (($(echo "$s < $b" | bc -l))); then b=$s; fi
	done
	printf '%.3f' "$b"
}

qemu=(qemu-system-riscv64 -M virt -m 128M -smp 1 -nographic -monitor none -serial stdio
	-bios "$fw" -kernel "$uboot"
	-drive "file=$work/disk.img,if=none,format=raw,id=d0,readonly=on" -device virtio-blk-device,drive=d0)

insns=$(cd "$root" && go test -count=1 -run 'TestUBoot/modern=false' -v ./vm/machine/boottest 2>&1 |
	sed -n 's/.*U-Boot prompt after \([0-9]*\) instructions.*/\1/p' | head -1)
[[ -n "$insns" ]] || { echo "boot.sh: the acceptance test did not report an instruction count" >&2; exit 1; }

v=$(best "$work/vmcore" run --no-record --bios "$fw" --kernel "$uboot" --drive "$work/disk.img,readonly")
q=$(best "${qemu[@]}")
qi=$(best "${qemu[@]}" -icount shift=0)

echo "boot to the U-Boot prompt (OpenSBI fw_jump + U-Boot, virt 128M, virtio-blk), best of $repeat"
printf '%-14s %12s %10s\n' run instructions seconds
printf '%-14s %12s %10s\n' vmcore "$insns" "$v"
printf '%-14s %12s %10s\n' qemu "-" "$q"
printf '%-14s %12s %10s\n' qemu-icount "-" "$qi"
printf 'vmcore/qemu %.2fx, vmcore/qemu-icount %.2fx (seconds)\n' "$(echo "$v / $q" | bc -l)" "$(echo "$v / $qi" | bc -l)"
