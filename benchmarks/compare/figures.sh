#!/bin/bash
# Issue 13's figures in one session: each benchmark of a baseline build and of this build, one after
# the other, a fresh JVM per run, PASSES times; the opt-in Vector API kernels for the plain ELM; and
# the PyTorch baseline after each pass where /usr/bin/python3 has torch (else PYTHON).
#
# Usage: benchmarks/compare/figures.sh BASE_CLASSPATH [NEW_CLASSPATH]
#   BASE_CLASSPATH  what -cp gets for the baseline: its benchmarks.jar, or a current CpuTimeRounds'
#                   classes before an old jar that lacks it (e.g. /tmp/crnew:/tmp/base-03910a0.jar)
#   NEW_CLASSPATH   default benchmarks/target/benchmarks.jar (mvn -B -pl benchmarks -am package -DskipTests)
# Environment: PASSES (default 3), ROUNDS (one-second rounds counted per run, default 5), PYTHON
# (default /usr/bin/python3).
# The kernels before issue 13 (03910a0) have no CpuTimeRounds; give them one that fits their classes:
#   git worktree add /tmp/base 03910a0 && (cd /tmp/base && mvn -q -B -pl benchmarks -am package -DskipTests)
#   mkdir -p /tmp/cr && git show 62d9d5a~1:benchmarks/src/main/java/io/elmkit/bench/CpuTimeRounds.java > /tmp/cr/CpuTimeRounds.java
#   javac -cp /tmp/base/benchmarks/target/benchmarks.jar -d /tmp/crnew /tmp/cr/CpuTimeRounds.java
#   benchmarks/compare/figures.sh /tmp/crnew:/tmp/base/benchmarks/target/benchmarks.jar
# Prints one line per run (wall median of the counted one-second rounds; training after eight of warm-up,
# the rest after three); docs/performance.md's tables are made from these lines.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '/^# Usage:/,/^# (default/p' "$0" | sed 's/^# \{0,1\}//' >&2 # the header's usage lines, defaults included
  exit 2
fi
base=$1
new=${2:-$here/benchmarks/target/benchmarks.jar}
python=${PYTHON:-/usr/bin/python3}
vector="--add-modules jdk.incubator.vector -Delmkit.kernels=vector"
run() { # LABEL CLASSPATH "JVM FLAGS" ARGS...
  local label=$1 classpath=$2 flags=$3
  shift 3
  # shellcheck disable=SC2086 # the flags are words
  echo "$(date -u +%T) $label: $(java @"$here/etc/jvm.options" $flags -Drounds=${ROUNDS:-5} -cp "$classpath" \
    io.elmkit.bench.CpuTimeRounds "$@" 2>&1 | grep -E 'wall median|Exception|Error' | head -n 1)"
}
echo "base: $base; new: $new; $(nproc) CPUs:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); $(java -version 2>&1 | head -n 1)"
for ((pass = 1; pass <= ${PASSES:-3}; pass++)); do
  echo "== pass $pass, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for args in "engine 10000 1" "engine 1 1"; do
    # shellcheck disable=SC2086 # the arguments are words
    run base "$base" "" $args; run new "$new" "" $args
  done
  run new "$new" "" engine 10000 2
  for args in "train neuronio 1" "train neuronio 2" "train shd700 1"; do
    # shellcheck disable=SC2086
    run base "$base" "-Dwarmup=8" $args; run new "$new" "-Dwarmup=8" $args
  done
  run "new, plain kernels" "$new" "" forward plain700 64
  run "new, vector kernels" "$new" "$vector" forward plain700 64
  if "$python" -c "import torch" 2>/dev/null; then
    echo "$(date -u +%T) PyTorch, 1 thread:"
    "$python" "$here/benchmarks/python/bench_forward_torch.py" 300 1 2>&1 | sed 's/^/  /'
  else
    echo "(no PyTorch baseline: $python has no torch; apt-get install python3-torch libopenblas0-pthread)"
  fi
done
