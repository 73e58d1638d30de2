"""Times the official SHD-Adding loader's per-batch work (for the figures in the shd-adding note).

    /usr/bin/python3 shd-adding/src/test/python/bench_reference_loader.py /tmp/shd_full.h5 BIN_MS BATCHES

Needs Debian's python3-torch and python3-h5py. Does per batch what the reference SHDAdding
iterator does: default_rng(seed) once; integers(0, n, 2B); for each drawn sample, digitize its
times on arange(0, 1 + b, b) and collect (sample, bin, unit) coordinates; build a sparse float
tensor of ones (duplicates add up), make it dense, drop the last bin, put the two digits one after
the other; labels (l1 % 10) + (l2 % 10). Prints pairs per second.
"""
import sys
import time

import h5py
import numpy as np
import torch


def main(path, bin_ms, batches, batch_size=8, seed=0):
    with h5py.File(path, "r") as f:
        times = f["spikes"]["times"]
        units = f["spikes"]["units"]
        labels = np.array(f["labels"]).astype(np.int32)
        step = bin_ms / 1000
        edges = np.arange(0, 1.0 + step, step)
        rng = np.random.default_rng(seed)
        start = time.perf_counter()
        for _ in range(batches):
            idx = rng.integers(low=0, high=len(labels), size=2 * batch_size)
            rows, bins, chans = [], [], []
            for k, i in enumerate(idx):
                b = np.digitize(times[i], edges) - 1
                rows.extend([k] * len(b))
                bins.extend(b)
                chans.extend(units[i])
            coords = torch.LongTensor([rows, bins, chans])
            values = torch.ones(len(rows))
            dense = torch.sparse_coo_tensor(coords, values, (2 * batch_size, len(edges), 700)).to_dense()
            x = torch.cat([dense[:batch_size, :-1], dense[batch_size:, :-1]], dim=-2)
            y = torch.tensor(labels[idx[:batch_size]] % 10 + labels[idx[batch_size:]] % 10, dtype=torch.int64)
        seconds = time.perf_counter() - start
    pairs = batches * batch_size
    print(f"reference loader, bin {bin_ms} ms: {pairs} pairs in {seconds:.1f} s = {pairs / seconds:.0f} pairs/s "
          f"(last batch {tuple(x.shape)}, labels {y.tolist()})")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))
