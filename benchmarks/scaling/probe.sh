#!/bin/bash
# What limits the engine's threads on this machine (run in the unpacked bundle, after run.sh):
# (A) one independent one-thread engine per CPU, all at once (a JVM each, pinned with taskset),
#     against one alone: what the machine itself gives on independent work, and how unequal its
#     CPUs are under full load; (B) the engine's threads waiting busy (spinning) against the default
#     backoff (spin, yield, then park), on every CPU and on 4: whether the hand-off between steps limits.
# About 90 s on a 16-core machine. Usage: elmkit-scaling/probe.sh
cd "$(dirname "$0")"
n=$(nproc)
j="runtime/bin/java @jvm.options -Xmx6g -Drounds=4"
run() { $j "$@" 2>&1 | grep -v WARNING; }
echo "== A: alone ($(date -u +%T))"
run -Dwarmup=5 -cp new io.elmkit.bench.CpuTimeRounds engine 10000 1
echo "== A: $n at once, one per CPU ($(date -u +%T))"
for i in $(seq 0 $((n - 1))); do
  taskset -c "$i" $j -Dwarmup=5 -cp new io.elmkit.bench.CpuTimeRounds engine 10000 1 > "/tmp/elmkit-probe-$i" 2>&1 &
done
wait
grep -h "engine" /tmp/elmkit-probe-* | sort -t' ' -k6 -n
echo "== A: alone again ($(date -u +%T))"
run -Dwarmup=5 -cp new io.elmkit.bench.CpuTimeRounds engine 10000 1
echo "== B: idle busy / backoff ($(date -u +%T))"
for r in 1 2; do for i in busy backoff; do echo -n "[$i] "; run -Didle=$i -cp new io.elmkit.bench.CpuTimeRounds engine 10000 "$n"; done; done
for i in busy backoff; do echo -n "[$i] "; run -Didle=$i -cp new io.elmkit.bench.CpuTimeRounds engine 10000 4; done
for i in busy backoff; do echo -n "[$i] "; run -Didle=$i -cp new io.elmkit.bench.CpuTimeRounds engine 100000 "$n"; done
echo "== end ($(date -u +%T))"
