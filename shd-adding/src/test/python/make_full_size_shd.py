"""Writes a full-size SHD-like file for the SHD-Adding throughput figures (not committed: ~330 MB).

    /usr/bin/python3 shd-adding/src/test/python/make_full_size_shd.py /tmp/shd_full.h5

Exact SHD layout (h5py, Debian python3-h5py): 8156 samples, ragged float16 times (sorted, seconds,
mostly below 1 s, some up to 1.4 s), ragged uint16 units 0..699, uint8 labels 0..19, /extra/speaker,
/extra/keys, /extra/meta_info/{gender,age,body_height}. Each sample holds 5,000-15,000 spikes.
"""
import sys

import h5py
import numpy as np

N = 8156


def main(path):
    rng = np.random.default_rng(2024)
    vlen_f16 = h5py.vlen_dtype(np.dtype("float16"))
    vlen_u16 = h5py.vlen_dtype(np.dtype("uint16"))
    with h5py.File(path, "w") as f:
        times = f.create_dataset("spikes/times", (N,), dtype=vlen_f16)
        units = f.create_dataset("spikes/units", (N,), dtype=vlen_u16)
        labels = rng.integers(0, 20, size=N).astype(np.uint8)
        for i in range(N):
            n = int(rng.integers(5000, 15001))
            t = np.sort(rng.uniform(0.0, 1.4, size=n) ** 1.5).astype(np.float16)
            u = rng.integers(0, 700, size=n).astype(np.uint16)
            times[i] = t
            units[i] = u
        f["labels"] = labels
        f["extra/speaker"] = rng.integers(0, 12, size=N).astype(np.uint8)
        f["extra/keys"] = np.array([("english " if k < 10 else "german ") + str(k % 10) for k in range(20)], dtype="S13")
        f["extra/meta_info/gender"] = np.array([b"female", b"male"] * 6, dtype="S6")
        f["extra/meta_info/age"] = rng.integers(20, 60, size=12).astype(np.uint8)
        f["extra/meta_info/body_height"] = rng.integers(150, 200, size=12).astype(np.uint8)


if __name__ == "__main__":
    main(sys.argv[1])
