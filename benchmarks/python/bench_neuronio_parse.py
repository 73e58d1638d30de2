"""Python baseline for NeuronIO parsing: pickle.load + the reference's parse into dense arrays.

The reference (parse_sim_experiment_file of the NeuronIO code) loads the pickle and builds, per
simulation, a dense (segments*2, T) input raster, the output-spike raster and the soma trace.
This re-implements those steps (docs/tasks.md, NeuronIO); it is the baseline for `NeuronioParseBenchmark`.
Usage: /usr/bin/python3 benchmarks/python/bench_neuronio_parse.py FILE [repeats]
"""
import os
import pickle
import sys
import time

import numpy as np


def parse(path):
    with open(path, "rb") as f:
        d = pickle.load(f, encoding="latin1")
    segments = len(d["Params"]["allSegmentsType"])
    length = int(1000 * d["Params"]["totalSimDurationInSec"])
    sims = d["Results"]["listOfSingleSimulationDicts"]
    X = np.zeros((2 * segments, length, len(sims)), dtype=bool)
    y_spike = np.zeros((length, len(sims)))
    y_soma = np.zeros((length, len(sims)))
    for k, s in enumerate(sims):
        for seg, times in s["exInputSpikeTimes"].items():
            for t in times:
                X[seg, int(t), k] = 1
        for seg, times in s["inhInputSpikeTimes"].items():
            for t in times:
                X[segments + seg, int(t), k] = 1
        for t in s["outputSpikeTimes"]:
            y_spike[int(t - 0.5), k] = 1
        y_soma[:, k] = s["somaVoltageLowRes"]
    return X, y_spike, y_soma


path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
size_mb = os.path.getsize(path) / 1e6
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    parse(path)
    best = min(best, time.perf_counter() - t0)
print(f"python pickle.load + parse: {best:.3f} s for {size_mb:.1f} MB = {size_mb / best:.1f} MB/s")
