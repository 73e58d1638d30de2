"""Makes the SHD-layout fixtures of io.elmkit.io.shd tests (Debian /usr/bin/python3 with h5py).

ragged_contiguous.h5 / ragged_chunked.h5: the SHD layout (vlen float16 times, vlen uint16 units,
uint8 labels, extra/speaker, extra/keys), 120 samples, sample 7 empty; the chunked one with
chunks of 16 samples and gzip. expected.npz: the same samples flattened (times float16, units
uint16, offsets int64, labels uint8), read by the tests with the project's own npz reader.
"""
import h5py
import numpy as np

rng = np.random.default_rng(3)
n = 120
times, units = [], []
for i in range(n):
    k = 0 if i == 7 else int(rng.integers(1, 200))
    times.append(np.sort(rng.uniform(0, 1.3, k)).astype(np.float16))
    units.append(rng.integers(0, 700, k).astype(np.uint16))
labels = rng.integers(0, 20, n).astype(np.uint8)
speakers = rng.integers(0, 12, n).astype(np.uint8)
keys = np.array([b"english zero", b"german neun"], dtype="S13")

for name, kw in (("ragged_contiguous.h5", {}), ("ragged_chunked.h5", {"chunks": (16,), "compression": "gzip"})):
    with h5py.File(name, "w") as f:
        f.create_dataset("spikes/times", data=np.array(times, dtype=object), dtype=h5py.vlen_dtype(np.float16), **kw)
        f.create_dataset("spikes/units", data=np.array(units, dtype=object), dtype=h5py.vlen_dtype(np.uint16), **kw)
        f.create_dataset("labels", data=labels)
        f.create_dataset("extra/speaker", data=speakers)
        f.create_dataset("extra/keys", data=keys)

offsets = np.concatenate([[0], np.cumsum([len(t) for t in times])]).astype(np.int64)
np.savez("expected.npz", times=np.concatenate(times), units=np.concatenate(units), offsets=offsets,
         labels=labels, speakers=speakers)
