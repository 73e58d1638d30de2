#!/bin/bash
# Thread scaling of the engine and the training, with the baseline build (if bundled) alternated with
# this one, the opt-in Vector API kernels beside the plain ones, and the PyTorch baselines where
# python3 has torch (CPU, and the GPU if there is one).
# Each figure: io.elmkit.bench.CpuTimeRounds, median of ROUNDS one-second rounds after three of
# warm-up, neuron-steps per second of wall time and per second of the process's CPU time.
#
# Usage (in the unpacked bundle): elmkit-scaling/run.sh [THREADS ...]   (default: 1 2 4 ... up to nproc)
# Environment: ROUNDS (default 5), PYTHON (the python with torch, default python3), PARTS (default
# "engine pin vector forward train torch": the sections to run, in that order; about 2, 1, 2, 1, 3
# and 3 minutes on a 16-core machine, so a short lease can run them in two calls). "pin" runs two
# engine threads on two hyperthreads of one core and on two cores (needs taskset and a sibling in
# /sys), to tell what the second thread shares.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
threads=${*:-$(t=1; while [ $t -le "$(nproc)" ]; do echo -n "$t "; t=$((t * 2)); done)}
parts=" ${PARTS:-engine pin vector forward train torch} "
java="$here/runtime/bin/java @$here/jvm.options -Xmx16g -Drounds=${ROUNDS:-5}"
vector="--add-modules jdk.incubator.vector -Delmkit.kernels=vector"
bench() { # build [JVM flags] -- benchmark args...
  local build=$1 flags=()
  shift
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  local tag=$build
  [ ${#flags[@]} -eq 0 ] || tag="$build vector"
  [ -z "${PIN:-}" ] || tag="$tag, cpus $PIN"
  ${PIN:+taskset -c "$PIN"} $java "${flags[@]}" -cp "$here/$build" io.elmkit.bench.CpuTimeRounds "$@" 2>&1 | grep -v '^WARNING' | sed "s/^/[$tag] /"
}
want() { [[ $parts == *" $1 "* ]]; }
builds=new
[ -d "$here/base" ] && builds="base new"
echo "commit: $(cat "$here/COMMIT"); $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); parts:$parts"
siblings=$(cat /sys/devices/system/cpu/cpu0/topology/thread_siblings_list 2>/dev/null || echo unknown)
echo "cpu0's hyperthread siblings: $siblings; flags: $(grep -m1 -o -w -E 'avx512f|avx2|ht' /proc/cpuinfo | sort -u | tr '\n' ' ')"
section() { echo "== $* ($(date -u +%T))"; }
if want engine; then
  section "engine, NeuronIO d_m 20, 10,000 neurons, 1 thread (each build twice, alternated)"
  for round in 1 2; do for b in $builds; do bench $b -- engine 10000 1; done; done
  section "engine, 10,000 and 100,000 neurons, by threads"
  for t in $threads; do bench new -- engine 10000 "$t"; done
  for b in $builds; do bench $b -- engine 100000 "$(nproc)"; done
  section "engine, 1 neuron"
  for b in $builds; do bench $b -- engine 1 1; done
fi
if want pin; then
  sibling=$(echo "$siblings" | tr ',-' '  ' | awk '{print $2}')
  other=$(( $(nproc) / 2 ))
  [ "$other" != "${sibling:-0}" ] && [ "$other" != 0 ] || other=1
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    section "engine, 10,000 neurons, pinned: 1 thread on cpu 0; 2 threads on cpus 0,$other${sibling:+ and on the two hyperthreads of one core, 0,$sibling}"
    for round in 1 2; do
      PIN=0 bench new -- engine 10000 1
      PIN=0,$other bench new -- engine 10000 2
      [ -z "$sibling" ] || PIN=0,$sibling bench new -- engine 10000 2
    done
  else
    echo "(no taskset or one CPU: no pinned rows)"
  fi
fi
if want vector; then
  section "engine with the Vector API kernels, 10,000 neurons by threads, 100,000 on every CPU"
  for t in $threads; do bench new $vector -- engine 10000 "$t"; done
  bench new $vector -- engine 100000 "$(nproc)"
fi
if want forward; then
  section "forward, 64 neurons (plain, then vector)"
  for s in neuronio plain700; do
    for b in $builds; do bench $b -- forward $s 64; done
    bench new $vector -- forward $s 64
  done
fi
if want train; then
  section "training, batch 8 x 500"
  for s in neuronio shd700; do for t in 1 2; do for b in $builds; do bench $b -- train $s $t; done; done; done
  section "training, NeuronIO, batch 8 x 500, by threads (a worker per thread; 8 sequences: at most 8 busy)"
  for t in $threads; do [ "$t" -le 2 ] || [ "$t" -gt 8 ] || bench new -- train neuronio "$t"; done
fi
py=${PYTHON:-python3}
if ! want torch; then
  :
elif $py -c 'import torch' 2>/dev/null; then
  section "PyTorch reference ELM"
  $py "$here/bench_forward_torch.py" 300 1
  $py "$here/bench_torch.py" cpu "$(nproc)" forward neuronio 200 64 1024
  $py "$here/bench_torch.py" cpu "$(nproc)" train neuronio 200 8
  if $py -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then
    $py "$here/bench_torch.py" cuda 1 forward neuronio 200 1 1024 16384
    $py "$here/bench_torch.py" cuda 1 train neuronio 500 8 256 1024
    $py "$here/bench_torch.py" cuda 1 forward plain700 200 64 1024
    $py "$here/bench_torch.py" cuda 1 train plain700 500 8 256
  fi
else
  echo "($py with torch not found: no PyTorch baselines; PYTHON=... names another)"
fi
