#!/bin/bash
# Two builds compared the way docs/performance.md reports them: a fresh JVM per run, the two builds
# alternated pair by pair in a random order within each pair (on a shared machine a neighbour's load
# can come and go with a period near one pair's length; a fixed order then favours one position for
# a whole session), then per pair the ratio B / A and their median.
#
# Usage: benchmarks/compare/alternate.sh [-n PAIRS] [-j "JVM FLAGS"] CLASSPATH_A CLASSPATH_B -- ARGS...
#   CLASSPATH_A, CLASSPATH_B  what -cp gets: a benchmarks.jar, or extracted classes before a jar
#   ARGS                      io.elmkit.bench.CpuTimeRounds' arguments, e.g. train neuronio 1
#   -n PAIRS                  pairs to run (default 6)
#   -j "JVM FLAGS"            more JVM flags for both builds (default "-Dwarmup=8 -Drounds=5")
# Example, this build against a baseline jar kept from an earlier commit:
#   benchmarks/compare/alternate.sh -n 8 /tmp/base/benchmarks.jar benchmarks/target/benchmarks.jar -- train neuronio 1
# Give the same jar twice (A/A) first to see what the machine's noise alone gives.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
pairs=6
flags="-Dwarmup=8 -Drounds=5"
usage() { # the header's usage lines, defaults included
  sed -n '/^# Usage:/,/^#   -j/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
while getopts "n:j:" opt; do
  case $opt in
    n) pairs=$OPTARG ;;
    j) flags=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 4 ] || [ "$3" != "--" ]; then
  usage
fi
a=$1 b=$2
shift 3
run() { # LABEL CLASSPATH ARGS... -> prints "LABEL WALL_MEDIAN"
  local label=$1 classpath=$2 output line
  shift 2
  # shellcheck disable=SC2086 # the flags are words
  output=$(java @"$here/etc/jvm.options" $flags -cp "$classpath" io.elmkit.bench.CpuTimeRounds "$@" 2>&1) || true
  line=$(grep 'wall median' <<<"$output") \
    || { echo "run of $label ($classpath) printed no 'wall median' line; it ended with: $(tail -n 2 <<<"$output" | tr '\n' ' ')" >&2; exit 1; }
  echo "$label $(sed -E 's/.*wall median ([0-9]+).*/\1/' <<<"$line")"
}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "$(date -u +%T) A = $a, B = $b, $pairs pairs of: CpuTimeRounds $* ($flags)"
for ((p = 1; p <= pairs; p++)); do
  if ((RANDOM % 2)); then
    ra=$(run A "$a" "$@"); rb=$(run B "$b" "$@"); order=AB
  else
    rb=$(run B "$b" "$@"); ra=$(run A "$a" "$@"); order=BA
  fi
  echo "$p ${ra#A } ${rb#B } $order" | tee -a "$results" | awk '{printf "pair %d (%s): A %d, B %d, B/A %.2f\n", $1, $4, $2, $3, $3 / $2}'
done
sort -n -k2 "$results" | awk '{a[NR] = $2} END {printf "A median %d\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
sort -n -k3 "$results" | awk '{b[NR] = $3} END {printf "B median %d\n", (NR % 2) ? b[(NR + 1) / 2] : (b[NR / 2] + b[NR / 2 + 1]) / 2}'
awk '{print $3 / $2}' "$results" | sort -g | awk '{r[NR] = $1; if ($1 > 1) wins++}
  END {printf "B/A per pair: median %.2f, range %.2f-%.2f, B faster in %d of %d\n",
    (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2, r[1], r[NR], wins, NR}'
