#!/usr/bin/env bash
# bench/run.sh: measures vmcore's RV64 interpreter against QEMU on the same
# guest, in one invocation, and prints instructions, seconds and MIPS for each
# and the vmcore/QEMU ratios.
#
# usage: bench/run.sh [-s] [-r N] [--no-vmcore] [--no-qemu] [ELF]
#   -s           use the small guest (bench/guest/bench-small.elf, ~2e7 insns)
#   -r N         run each emulator N times and keep the fastest (default 1)
#   --no-vmcore  only QEMU (e.g. while vmcore does not build)
#   --no-qemu    only vmcore
#   ELF          another guest (default bench/guest/bench.elf, ~1e9 insns);
#                it must print "checksum ..." and "minstret N" lines as
#                bench/guest/bench.c does
#
# Runs:
#   vmcore       vmcore run ELF                      (built from this tree)
#   qemu         qemu-system-riscv64 -machine virt -bios none -nographic -kernel ELF
#   qemu-icount  the same with -icount shift=0       (QEMU's deterministic mode)
#
# The instruction count is the minstret the guest prints at its end: exact
# under vmcore and under QEMU -icount (QEMU without -icount reports host
# ticks there, so its count is taken from the other runs: the program is
# deterministic, it retires the same instructions everywhere). Every run must
# print the same checksum line, and so must the host build of the same C when
# cc is installed; a mismatch fails the script (exit 1).
#
# Wall time includes process start-up and ELF loading (a few ms), which is
# noise next to a 1e9-instruction run but not next to the small guest.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

elf="$here/guest/bench.elf"
rounds_var=ROUNDS_BIG
repeat=1
do_vmcore=1
do_qemu=1
while (($#)); do
	case "$1" in
	-s) elf="$here/guest/bench-small.elf"; rounds_var=ROUNDS_SMALL ;;
	-r) shift; repeat=${1:?-r needs a count} ;;
	--no-vmcore) do_vmcore=0 ;;
	--no-qemu) do_qemu=0 ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	*)
		[[ -f "$1" ]] || { echo "run.sh: guest $1 not found" >&2; exit 2; }
		elf=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
		rounds_var=
		;;
	esac
	shift
done
[[ -f "$elf" ]] || { echo "run.sh: guest $elf not found" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: -r wants a positive count, got $repeat" >&2; exit 2; }

# Generous bound so that a hung emulator cannot hang the script.
limit_s=900
work=$(mktemp -d /tmp/vmcore-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

# run NAME CMD...: runs CMD $repeat times with stdout to $work/NAME.txt,
# keeps the fastest wall time in $work/NAME.sec.
run() {
	local name=$1 best= t0 t1 dt rc
	shift
	for ((i = 0; i < repeat; i++)); do
		t0=$(now)
		rc=0
		timeout "$limit_s" "$@" </dev/null >"$work/$name.txt" 2>"$work/$name.err" || rc=$?
		t1=$(now)
		if ((rc != 0)); then
			echo "run.sh: $name exited with status $rc: $*" >&2
			sed 's/^/  | /' "$work/$name.err" "$work/$name.txt" | tail -20 >&2
			return 1
		fi
		dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
		if [[ -z "$best" ]] || awk -v a="$dt" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$dt
		fi
	done
	echo "$best" >"$work/$name.sec"
}

field() { # field NAME KEY: the value after "KEY " in NAME's output
	sed -n "s/^$2 //p" "$work/$1.txt" | tr -d '\r' | head -1
}

names=()
echo "guest: ${elf#"$root"/}"

if ((do_vmcore)); then
	echo "building vmcore..."
	(cd "$root" && go build -o "$work/vmcore" .)
	run vmcore "$work/vmcore" run "$elf"
	names+=(vmcore)
fi

if ((do_qemu)); then
	if command -v qemu-system-riscv64 >/dev/null; then
		qemu=(qemu-system-riscv64 -machine virt -bios none -nographic -kernel "$elf")
		run qemu "${qemu[@]}"
		run qemu-icount "${qemu[@]}" -icount shift=0
		names+=(qemu qemu-icount)
	else
		echo "qemu-system-riscv64 not installed: skipping QEMU (apt-get install qemu-system-misc)"
	fi
fi

((${#names[@]})) || { echo "run.sh: nothing to run" >&2; exit 2; }

# The reference instruction count: from a run whose minstret counts
# instructions (vmcore, QEMU -icount).
insns=
for n in vmcore qemu-icount; do
	if [[ -f "$work/$n.txt" ]]; then
		insns=$(field "$n" minstret)
		[[ -n "$insns" ]] && break
	fi
done
[[ -n "$insns" ]] || { echo "run.sh: no run printed a minstret line" >&2; exit 1; }

# The same checksum everywhere, and from the host build when cc exists.
status=0
want=$(field "${names[0]}" checksum)
[[ -n "$want" ]] || { echo "run.sh: ${names[0]} printed no checksum line" >&2; exit 1; }
for n in "${names[@]}"; do
	got=$(field "$n" checksum)
	if [[ "$got" != "$want" ]]; then
		echo "CHECKSUM MISMATCH: $n printed '$got', ${names[0]} printed '$want'" >&2
		status=1
	fi
done
if [[ -n "$rounds_var" ]] && command -v cc >/dev/null; then
	rounds=$(sed -n "s/^$rounds_var *?= *//p" "$here/guest/Makefile")
	cc -O2 -DHOST -DROUNDS="$rounds" -o "$work/host" "$here/guest/bench.c"
	host=$(
		"$work/host" >"$work/host.txt"
		field host checksum
	)
	if [[ "$host" != "$want" ]]; then
		echo "CHECKSUM MISMATCH: host build printed '$host', guests printed '$want'" >&2
		status=1
	else
		echo "checksum $want (all runs and the host build agree)"
	fi
else
	((status)) || echo "checksum $want (all runs agree)"
fi
for n in "${names[@]}"; do
	if [[ "$n" != qemu ]]; then
		m=$(field "$n" minstret)
		if [[ "$m" != "$insns" ]]; then
			echo "note: $n's minstret reads $m; counting $insns (QEMU's icount is only approximate when read mid-block)"
		fi
	fi
done

printf '\n%-12s %14s %9s %9s\n' run instructions seconds MIPS
for n in "${names[@]}"; do
	awk -v n="$n" -v i="$insns" -v s="$(cat "$work/$n.sec")" \
		'BEGIN { printf "%-12s %14d %9.3f %9.1f\n", n, i, s, i / s / 1e6 }'
done
if [[ -f "$work/vmcore.sec" ]]; then
	for q in qemu qemu-icount; do
		[[ -f "$work/$q.sec" ]] || continue
		awk -v q="$q" -v a="$(cat "$work/vmcore.sec")" -v b="$(cat "$work/$q.sec")" \
			'BEGIN { printf "vmcore/%-12s MIPS ratio %.3f\n", q, b / a }'
	done
fi
exit $status
