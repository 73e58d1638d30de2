"""Fixtures for the NeuronIO reader tests (documentation; the Java tests do not run Python).

1. neuronio/reference_checksums.json: per simulation of ../shared/neuron/l5pc_seed101.p and
   more/l5pc_seed107.p.gz, checksums computed from Python's own pickle.load.
2. neuronio/tiny.p: a 2-simulation, 3-segment file in the NeuronIO layout, pickled by Python 3
   with protocol 2 (strings as BINUNICODE, bytes via _codecs.encode), plus broken variants.
Run from the module folder with /usr/bin/python3 (numpy).
"""
import gzip
import json
import os
import pickle

import numpy as np

out = "src/test/resources/neuronio"
shared = os.environ.get("SHARED", "../../shared")


def checksums(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        d = pickle.load(f, encoding="latin1")
    sims = []
    for s in d["Results"]["listOfSingleSimulationDicts"]:
        ex, inh = s["exInputSpikeTimes"], s["inhInputSpikeTimes"]
        sims.append({
            "ex_count": int(sum(len(v) for v in ex.values())),
            "ex_sum": int(sum(int(t) for v in ex.values() for t in v)),
            "inh_count": int(sum(len(v) for v in inh.values())),
            "inh_sum": int(sum(int(t) for v in inh.values() for t in v)),
            "ex_weighted": int(sum(int(k) * len(v) for k, v in ex.items())),
            "out_count": int(len(s["outputSpikeTimes"])),
            "out_sum": float(np.asarray(s["outputSpikeTimes"], np.float64).sum()),
            "soma_len": int(len(s["somaVoltageLowRes"])),
            "soma_sum": float(np.asarray(s["somaVoltageLowRes"], np.float64).sum()),
        })
    return {"segments": len(d["Params"]["allSegmentsType"]),
            "duration_s": d["Params"]["totalSimDurationInSec"], "simulations": sims}


json.dump({name: checksums(f"{shared}/neuron/{name}") for name in ["l5pc_seed101.p", "more/l5pc_seed107.p.gz"]},
          open(f"{out}/reference_checksums.json", "w"), indent=1)


def sim(rng, segments):
    return {
        "exInputSpikeTimes": {i: [np.int64(t) for t in sorted(rng.integers(0, 100, 3))] for i in range(segments)},
        "inhInputSpikeTimes": {i: [np.int64(t) for t in sorted(rng.integers(0, 100, 2))] for i in range(segments)},
        "outputSpikeTimes": np.array([12.5, 80.25], np.float16),
        "somaVoltageLowRes": np.linspace(-70, -60, 100).astype(np.float16),
    }


rng = np.random.default_rng(0)
tiny = {"Params": {"allSegmentsType": ["soma", "basal", "apical"], "totalSimDurationInSec": 0.1},
        "Results": {"listOfSingleSimulationDicts": [sim(rng, 3), sim(rng, 3)]}}
data = pickle.dumps(tiny, protocol=2)
open(f"{out}/tiny.p", "wb").write(data)
open(f"{out}/tiny_truncated.p", "wb").write(data[: len(data) // 2])
missing = {"Params": tiny["Params"], "Results": {"listOfSingleSimulationDicts": [dict(sim(rng, 3))]}}
del missing["Results"]["listOfSingleSimulationDicts"][0]["somaVoltageLowRes"]
open(f"{out}/tiny_missing_key.p", "wb").write(pickle.dumps(missing, protocol=2))


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


open(f"{out}/tiny_evil.p", "wb").write(pickle.dumps({"Params": Evil()}, protocol=2))
json.dump(checksums(f"{out}/tiny.p"), open(f"{out}/tiny_checksums.json", "w"), indent=1)
