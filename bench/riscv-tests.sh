#!/usr/bin/env bash
# riscv-tests.sh runs the official riscv-tests rv64 "-p" suites (ui, um, ua,
# uc, uf, ud, mi, si) through `vmcore run` and prints a pass/fail table.
#
# Usage: bench/riscv-tests.sh DIR [PATTERN]
#
#   DIR      a directory holding built riscv-tests ELF files named like
#            rv64ui-p-add (the names riscv-tests' isa/Makefile gives them;
#            *.dump files and other names are ignored).
#   PATTERN  optional shell glob to narrow the set, e.g. 'rv64mi-p-*' or
#            'rv64u[fd]-p-*' for the F and D suites.
#
# Environment:
#   VMCORE     vmcore binary to use; default: built from this repository
#              into a temporary directory.
#   MAX_INSNS  instruction limit per test (default 100000000).
#   TIMEOUT    wall-clock limit per test in seconds (default 60), a guard
#              against a hung process, not a measurement.
#
# A test passes when vmcore exits 0. riscv-tests report failure through
# HTIF tohost as (TESTNUM<<1)|1, so a failing test's exit status is the
# number of the sub-test that failed; the table shows it. Status 3 means
# the instruction limit ran out, 124 the wall-clock guard fired.
#
# The script prints "N passed, M failed" last and exits 1 when any test
# failed, 2 on a usage error. It contains no riscv-tests code: the tests
# are built elsewhere (they are not part of this repository).
set -u

usage() {
	sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
case "$1" in -h | --help) usage ;; esac
dir=$1
pattern=${2:-'rv64*-p-*'}
max_insns=${MAX_INSNS:-100000000}
limit=${TIMEOUT:-60}

if [ ! -d "$dir" ]; then
	echo "riscv-tests.sh: $dir: not a directory" >&2
	exit 2
fi

vmcore=${VMCORE:-}
if [ -z "$vmcore" ]; then
	root=$(cd "$(dirname "$0")/.." && pwd)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	vmcore=$tmp/vmcore
	if ! (cd "$root" && go build -o "$vmcore" .); then
		echo "riscv-tests.sh: building vmcore in $root failed" >&2
		exit 2
	fi
fi
if [ ! -x "$vmcore" ]; then
	echo "riscv-tests.sh: $vmcore: not an executable" >&2
	exit 2
fi

tests=()
for f in "$dir"/$pattern; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	case "$name" in
	*.*) continue ;; # objdump listings and other companions
	rv64ui-p-* | rv64um-p-* | rv64ua-p-* | rv64uc-p-* | rv64uf-p-* | rv64ud-p-* | rv64mi-p-* | rv64si-p-*) tests+=("$f") ;;
	esac
done
if [ ${#tests[@]} -eq 0 ]; then
	echo "riscv-tests.sh: no rv64{ui,um,ua,uc,uf,ud,mi,si}-p-* tests in $dir" >&2
	exit 2
fi

passed=0
failed=0
failures=()
printf '%-28s %-6s %s\n' TEST RESULT DETAIL
for f in "${tests[@]}"; do
	name=$(basename "$f")
	out=$(timeout "$limit" "$vmcore" run --max-insns "$max_insns" "$f" 2>&1 </dev/null)
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf '%-28s %s\n' "$name" pass
		continue
	fi
	failed=$((failed + 1))
	case $rc in
	3) detail="instruction limit reached: $(printf '%s' "$out" | tail -n 1)" ;;
	124) detail="no exit within ${limit}s" ;;
	*) detail="exit $rc (failing TESTNUM $rc)" ;;
	esac
	failures+=("$name")
	printf '%-28s %-6s %s\n' "$name" FAIL "$detail"
done

echo
if [ $failed -gt 0 ]; then
	echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
