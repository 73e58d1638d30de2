#!/bin/bash
# Packs what a thread-scaling run needs on a machine without a JDK (a GPU box, a cluster node): a
# jlink runtime of the JDK here, this build's benchmarks jar (classes only, the libraries the
# benchmarks load), optionally a baseline's benchmarks jar, the PyTorch baseline scripts, run.sh and probe.sh.
# About 30 MB (xz). Build first: mvn -B -o -pl benchmarks -am package -DskipTests
#
# Usage: benchmarks/scaling/bundle.sh OUT.tar.xz [BASELINE_BENCHMARKS_JAR]
# Then, on the other machine (x86-64 Linux): tar xJf OUT.tar.xz && elmkit-scaling/run.sh
set -euo pipefail
out=${1:?usage: bundle.sh OUT.tar.xz [BASELINE_BENCHMARKS_JAR]}
baseline=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "bundle.sh: $jar not found: build it first (mvn -B -o -pl benchmarks -am package -DskipTests)" >&2; exit 2; }
[ -z "$baseline" ] || [ -f "$baseline" ] || { echo "bundle.sh: baseline jar $baseline not found" >&2; exit 2; }
[ ! -e "$out" ] || { echo "bundle.sh: $out exists; not overwriting it" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$work/elmkit-scaling
mkdir -p "$dir"
# The modules the benchmarks need (CPU time through com.sun.management: jdk.management; the opt-in
# Vector API kernels, run.sh's "vector" rows: jdk.incubator.vector).
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported,java.xml,jdk.incubator.vector \
  --compress=2 --strip-debug --no-header-files --no-man-pages --output "$dir/runtime"
unpack() { # jar -> classes dir without the libraries only the other benchmarks load (journals, plots, HDF5)
  mkdir -p "$2" && (cd "$2" && unzip -q "$1" && rm -rf net/openhft com/sun/jna jnr com/kenai org/knowm de \
    org/apache/commons com/ning net/jpountz org/objectweb io/jhdf jni META-INF/native org/openjdk/jmh/generated)
}
unpack "$jar" "$dir/new"
[ -z "$baseline" ] || unpack "$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")" "$dir/base"
cp "$root"/benchmarks/python/elm_reference.py "$root"/benchmarks/python/blas.py "$root"/benchmarks/python/bench_torch.py \
  "$root"/benchmarks/python/bench_forward_torch.py "$root"/benchmarks/scaling/run.sh "$root"/benchmarks/scaling/probe.sh "$dir/"
cp "$root"/etc/jvm.options "$dir/"
(cd "$root" && git log -1 --format='%H %s' 2>/dev/null || echo unknown) > "$dir/COMMIT"
tar -C "$work" -cf - elmkit-scaling | xz -9 -T0 > "$out"
echo "wrote $out ($(du -h "$out" | cut -f1)); on the other machine: tar xJf $(basename "$out") && elmkit-scaling/run.sh"
