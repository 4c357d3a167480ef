#!/usr/bin/env bash
# bench/record-overhead.sh: how much slower `vmcore run` is when it records
# the session (the default: events, checkpoints every 2^24 instructions,
# snapshots, fsync) than with --no-record, on the same guest, in one script.
#
# usage: bench/record-overhead.sh [-r N] [ELF]
#   -r N   alternate the two runs N times and keep the fastest of each (default 3)
#   ELF    the guest (default bench/guest/bench.elf, ~1e9 instructions)
#
# Prints the seconds of each and the overhead in percent. The store is a
# fresh temporary directory, removed at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=3
elf="$here/guest/bench.elf"
while (($#)); do
	case "$1" in
	-r) rounds=$2; shift 2 ;;
	-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
	*) elf=$1; shift ;;
	esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/vmcore" .)

best() { # best current candidate
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b < a) print b; else print a }'
}
secs() { # command... -> wall seconds
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

plain="" rec=""
for ((i = 0; i < rounds; i++)); do
	plain=$(best "$plain" "$(secs "$tmp/vmcore" run --no-record "$elf")")
	rec=$(best "$rec" "$(secs "$tmp/vmcore" run --data-dir "$tmp/store" "$elf")")
done
sessions=$("$tmp/vmcore" sessions --data-dir "$tmp/store" | tail -n +2 | wc -l)
printf 'guest        %s\n' "$(basename "$elf")"
printf 'no-record    %ss\n' "$plain"
printf 'record       %ss  (%d sessions recorded)\n' "$rec" "$sessions"
awk -v a="$plain" -v b="$rec" 'BEGIN { printf "overhead     %+.1f%%\n", (b / a - 1) * 100 }'
