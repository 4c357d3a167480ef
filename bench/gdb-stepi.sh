#!/usr/bin/env bash
# Times N single steps (default 2000) driven by gdb-multiarch over the remote
# protocol, against vmcore's GDB server and, in the same run, against
# qemu-system-riscv64's gdbstub on the same ELF; prints both and the ratio.
#
#   bench/gdb-stepi.sh [-n STEPS] [PROGRAM]
#
# PROGRAM defaults to the benchmark guest (bench/guest/bench-small.elf), whose
# hot loop keeps the pc in RAM for the whole run. Needs gdb-multiarch; QEMU
# is skipped when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

steps=2000
while getopts n: opt; do
  case $opt in
    n) steps=$OPTARG ;;
    *) echo "usage: $0 [-n STEPS] [PROGRAM]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
prog=${1:-bench/guest/bench-small.elf}

command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not installed" >&2; exit 2; }
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

go build -o "$tmp/vmcore" .

# free_port asks the kernel for an unused loopback port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_port waits (boundedly) until something listens on the port.
wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2; return 1
}

# time_steps PORT: seconds for gdb to connect and execute $steps stepi.
time_steps() {
  local start end
  start=$(date +%s.%N)
  gdb-multiarch -batch -nx -ex "set pagination off" -ex "file $prog" \
    -ex "target remote 127.0.0.1:$1" -ex "stepi $steps" -ex "info registers pc" \
    -ex "kill" >"$tmp/gdb-$1.log" 2>&1 || true
  end=$(date +%s.%N)
  grep -q '^pc ' "$tmp/gdb-$1.log" || { echo "gdb session on port $1 failed:" >&2; cat "$tmp/gdb-$1.log" >&2; return 1; }
  echo "$end - $start" | bc -l
}

port=$(free_port)
"$tmp/vmcore" gdb --listen "127.0.0.1:$port" "$prog" 2>"$tmp/vmcore.log" &
pids+=($!)
wait_port "$port"
t_vm=$(time_steps "$port")
printf '%-10s %6d stepi  %8.3f s  %8.1f steps/s\n' vmcore "$steps" "$t_vm" "$(echo "$steps / $t_vm" | bc -l)"

if command -v qemu-system-riscv64 >/dev/null; then
  qport=$(free_port)
  qemu-system-riscv64 -machine virt -bios none -nographic -monitor none -serial none \
    -kernel "$prog" -gdb "tcp:127.0.0.1:$qport" -S &
  pids+=($!)
  wait_port "$qport"
  t_q=$(time_steps "$qport")
  printf '%-10s %6d stepi  %8.3f s  %8.1f steps/s\n' qemu "$steps" "$t_q" "$(echo "$steps / $t_q" | bc -l)"
  printf 'ratio vmcore/qemu time: %.3f (below 1 means vmcore is faster)\n' "$(echo "$t_vm / $t_q" | bc -l)"
else
  echo "qemu-system-riscv64 not installed: QEMU skipped"
fi
