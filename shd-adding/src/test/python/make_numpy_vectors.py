"""Writes the NumPy test vectors the Java tests of io.elmkit.shd compare against.

Run with any python3 that has NumPy (checked with NumPy 2.4):
    python3 shd-adding/src/test/python/make_numpy_vectors.py
It rewrites shd-adding/src/test/resources/io/elmkit/shd/numpy-vectors.json. The Java test suite
reads only that JSON file; it never runs Python.

Sections:
- seed_sequence: pool and generate_state words of numpy.random.SeedSequence(entropy).
- pcg64: the PCG64 state right after default_rng(seed) and its first raw 64-bit outputs.
- integers: consecutive Generator.integers(low, high, size) calls on one generator (stream
  continuity, the buffered 32-bit half carried between calls, rejections), plus the bit
  generator's state afterwards.
- binning: for several bin sizes, the reference edges np.arange(0, 1.0 + b, b) (b = bin_ms / 1000)
  and, over every non-negative finite float16 value below 2.0, the runs of equal
  np.digitize(t, edges) - 1, given as [first float16 bit pattern, bin] pairs.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "io", "elmkit", "shd", "numpy-vectors.json")

SEEDS = [0, 1, 12345, 2**32 - 1, 2**32, 2**63 - 1, 2**64 + 5, 1234567890123456789012345678901234567890]

# (low, high, size): small and large ranges, odd sizes so a buffered 32-bit half is carried over,
# ranges near 2^31 and 2^63 that reject often, the exact 2^32 and 2^64 - 1 edge cases.
CALLS = [
    (0, 1, 3), (0, 2, 5), (0, 19, 7), (0, 700, 3), (0, 8156, 16), (0, 2**31 - 1, 5),
    (0, 2**31 + 1, 21), (0, 2**32, 3), (0, 2**32 + 1, 4), (0, 2**40, 3), (-5, 17, 9),
    (0, 8156, 1), (-(2**62), 2**62 + 2**61, 11), (0, 2**63 - 1, 2), (-(2**63), 2**63 - 1, 3),
    (0, 3, 1), (0, 240, 8),
]

BIN_MS = [1, 2, 3, 4, 5, 7, 10, 20, 25, 100, 333, 1000, 0.5, 1.5, 2.5]


def u64(x):
    return str(int(x))


def seed_sequence_vectors():
    out = []
    for seed in SEEDS:
        ss = np.random.SeedSequence(seed)
        out.append({
            "entropy": str(seed),
            "pool": [int(v) for v in ss.pool],
            "state32": [int(v) for v in ss.generate_state(8, np.uint32)],
            "state64": [u64(v) for v in ss.generate_state(4, np.uint64)],
        })
    return out


def pcg64_vectors():
    out = []
    for seed in SEEDS:
        bg = np.random.default_rng(seed).bit_generator
        st = bg.state["state"]
        raw = bg.random_raw(6)
        out.append({"seed": str(seed), "state": str(st["state"]), "inc": str(st["inc"]),
                    "raw": [u64(v) for v in raw]})
    return out


def integers_vectors():
    out = []
    for seed in SEEDS[:5] + [SEEDS[6]]:
        rng = np.random.default_rng(seed)
        calls = []
        for low, high, size in CALLS:
            values = rng.integers(low, high, size=size)
            assert values.dtype == np.int64
            calls.append({"low": str(low), "high": str(high), "size": size,
                          "values": [str(int(v)) for v in values]})
        st = rng.bit_generator.state
        out.append({"seed": str(seed), "calls": calls,
                    "final_state": str(st["state"]["state"]), "has_uint32": int(st["has_uint32"]),
                    "uinteger": int(st["uinteger"])})
    return out


def binning_vectors():
    bits = np.arange(0, 0x4000, dtype=np.uint16)  # 0.0 up to (not incl.) 2.0 in float16
    times = bits.view(np.float16)
    assert np.all(np.isfinite(times)) and times[-1] < 2.0
    out = []
    for bin_ms in BIN_MS:
        step = bin_ms / 1000
        edges = np.arange(0, 1.0 + step, step)
        digit = np.digitize(times, edges) - 1
        runs = []
        for i in range(len(digit)):
            if i == 0 or digit[i] != digit[i - 1]:
                runs.append([int(bits[i]), int(digit[i])])
        out.append({"bin_ms": bin_ms, "num_edges": len(edges),
                    "edges": [float(e) for e in edges] if len(edges) <= 400 else [],
                    "last_edge": float(edges[-1]), "runs": runs})
    return out


def main():
    data = {
        "numpy_version": np.__version__,
        "seed_sequence": seed_sequence_vectors(),
        "pcg64": pcg64_vectors(),
        "integers": integers_vectors(),
        "binning": binning_vectors(),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
