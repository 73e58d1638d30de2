"""The official SHD-Adding loader's per-batch arithmetic, written once for the tests and benchmarks that compare
elmkit with it (python/tests/test_shd.py, python/benchmarks/bench_python.py,
shd-adding/src/test/python/bench_reference_loader.py): default_rng(seed) once; integers(0, n, 2B) per batch; each
drawn digit's spike times digitized on arange(0, 1 + b, b); counts added up; the last bin dropped; the two digits
one after the other; labels (l1 % 10) + (l2 % 10). Reads SHD with h5py (Debian: python3-h5py)."""
import numpy as np

CHANNELS = 700


def draws(path, bin_ms, batch_size, batches, seed=0):
    """Per batch: (number of bin edges, the 2B drawn digits as (bins, units) spike arrays, labels int64 (B,))."""
    import h5py
    with h5py.File(path, "r") as f:
        times, units = f["spikes"]["times"], f["spikes"]["units"]
        labels = np.array(f["labels"]).astype(np.int64)
        step = bin_ms / 1000
        edges = np.arange(0, 1.0 + step, step)
        rng = np.random.default_rng(seed)
        for _ in range(batches):
            idx = rng.integers(low=0, high=len(labels), size=2 * batch_size)
            digits = [(np.digitize(times[i], edges) - 1, units[i]) for i in idx]
            yield len(edges), digits, labels[idx[:batch_size]] % 10 + labels[idx[batch_size:]] % 10


def _pairs(dense, batch_size, cat):
    """The last bin dropped, the second digit after the first: (B, 2 * bins, 700)."""
    return cat([dense[:batch_size, :-1], dense[batch_size:, :-1]])


def dense_numpy(path, bin_ms, batch_size, batches, seed=0):
    """(x float32 (B, T, 700), labels) per batch, the dense batch made with NumPy (np.add.at adds duplicates)."""
    for num_edges, digits, labels in draws(path, bin_ms, batch_size, batches, seed):
        dense = np.zeros((2 * batch_size, num_edges, CHANNELS), np.float32)
        for k, (bins, units) in enumerate(digits):
            np.add.at(dense, (k, bins, units.astype(np.int64)), 1.0)
        yield _pairs(dense, batch_size, lambda parts: np.concatenate(parts, axis=1)), labels


def dense_torch(path, bin_ms, batch_size, batches, seed=0):
    """The same with the reference's torch code: (sample, bin, unit) coordinates, a sparse tensor of ones made
    dense (duplicates add up); x is a torch tensor."""
    import torch
    for num_edges, digits, labels in draws(path, bin_ms, batch_size, batches, seed):
        rows, bins, chans = [], [], []
        for k, (b, u) in enumerate(digits):
            rows.extend([k] * len(b))
            bins.extend(b)
            chans.extend(u)
        coords = torch.LongTensor(np.array([rows, bins, chans], dtype=np.int64))
        dense = torch.sparse_coo_tensor(coords, torch.ones(len(rows)), (2 * batch_size, num_edges, CHANNELS)).to_dense()
        yield _pairs(dense, batch_size, lambda parts: torch.cat(parts, dim=-2)), labels
