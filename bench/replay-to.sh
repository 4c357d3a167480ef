#!/usr/bin/env bash
# bench/replay-to.sh: the time of `vmcore replay --to ICOUNT` deep into a
# recorded session (target: under 200 ms), which restores the nearest
# snapshot and re-executes from there.
#
# usage: bench/replay-to.sh [ELF]
#   ELF   the guest to record (default bench/guest/bench.elf, ~1e9 instructions)
#
# Records ELF once into a temporary store, then asks for the state at
# icounts spread over the session, the last just before its end, and prints
# each time and the worst. Each time includes process start-up, opening the
# store and reading the session.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
elf=${1:-"$here/guest/bench.elf"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/vmcore" .)
"$tmp/vmcore" run --data-dir "$tmp/store" "$elf" >/dev/null
read -r id icount < <("$tmp/vmcore" sessions --data-dir "$tmp/store" | awk 'NR == 2 { print $1, $6 }')
echo "session $id: $icount instructions"

worst=0
for frac in 0.25 0.5 0.75 0.97 0.999; do
	at=$(awk -v n="$icount" -v f="$frac" 'BEGIN { printf "%d", n * f }')
	t0=$(date +%s%N)
	"$tmp/vmcore" replay --data-dir "$tmp/store" --to "$at" "$id" >/dev/null
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	printf 'replay --to %-11s %4d ms\n' "$at" "$ms"
	((ms > worst)) && worst=$ms
done
echo "worst         $worst ms"
