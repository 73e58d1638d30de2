"""Times the official SHD-Adding loader's per-batch work (for the figures in the shd-adding note).

    /usr/bin/python3 shd-adding/src/test/python/bench_reference_loader.py /tmp/shd_full.h5 BIN_MS BATCHES

Needs Debian's python3-torch and python3-h5py. Does per batch what the reference SHDAdding
iterator does: default_rng(seed) once; integers(0, n, 2B); for each drawn sample, digitize its
times on arange(0, 1 + b, b) and collect (sample, bin, unit) coordinates; build a sparse float
tensor of ones (duplicates add up), make it dense, drop the last bin, put the two digits one after
the other; labels (l1 % 10) + (l2 % 10). Prints pairs per second.
"""
import pathlib
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[4] / "python" / "tests"))
from reference_loader import dense_torch  # noqa: E402


def main(path, bin_ms, batches, batch_size=8, seed=0):
    start = time.perf_counter()
    for x, labels in dense_torch(path, bin_ms, batch_size, batches, seed):
        y = torch.tensor(labels, dtype=torch.int64)
    seconds = time.perf_counter() - start
    pairs = batches * batch_size
    print(f"reference loader, bin {bin_ms} ms: {pairs} pairs in {seconds:.1f} s = {pairs / seconds:.0f} pairs/s "
          f"(last batch {tuple(x.shape)}, labels {y.tolist()})")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))
