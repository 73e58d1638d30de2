"""SHD-Adding batches straight into NumPy (the generator of `elmkit shd-adding`, no files), a PyTorch
IterableDataset over them, and write_shd: SHD-Adding pairs written in the true SHD layout with h5py."""
import os
from dataclasses import dataclass

import numpy as np

from . import _jvm
from .errors import ElmkitOSError, ElmkitValueError
from .model import _threads

DEFAULT_BATCHES = 2000  # one reference training epoch (ShdAddingConfig.DEFAULT_BATCHES)


@dataclass
class SparseInput:
    """A batch's input as COO: `indices` int64 (3, n) rows (pair, step, channel), `values` float32 (n,) spike
    counts, sorted by pair, step, channel; `shape` (B, 2T, C). torch: sparse_coo_tensor(indices, values, shape)."""
    indices: np.ndarray
    values: np.ndarray
    shape: tuple

    def to_dense(self):
        x = np.zeros(self.shape, dtype=np.float32)
        x[self.indices[0], self.indices[1], self.indices[2]] = self.values
        return x


@dataclass
class ShdAddingBatch:
    """One batch: `x` the input, dense float32 (B, 2T, C) or a SparseInput; `labels` int64 (B,) =
    (label1 mod 10) + (label2 mod 10); `indices` int64 (2B,) the drawn samples (first digits, then second digits,
    as the reference draws them). Unpacks as `x, labels`."""
    x: object
    labels: np.ndarray
    indices: np.ndarray

    def __iter__(self):
        return iter((self.x, self.labels))


def _from_java(jarray, dtype):
    """A Java primitive array as a NumPy array: one bulk copy through the buffer protocol."""
    return np.array(memoryview(jarray), dtype=dtype)


class ShdAddingBatches:
    """Iterator of ShdAddingBatch; see shd_adding."""

    def __init__(self, shd_path, seed=0, batch_size=8, bin_ms=2.0, compat="reference", batches=DEFAULT_BATCHES,
                 pairs=None, sparse=False, threads=None):
        if pairs is None:
            if int(batches) < 1:
                raise ElmkitValueError(f"batches: expected >= 1, found {batches}")
            pairs = int(batches) * int(batch_size)
        _jvm.java()
        with _jvm.errors():
            self._j = _jvm.jclass("io.elmkit.cli.python.ShdAddingBatches")(
                os.fspath(shd_path), int(seed), int(batch_size), int(pairs), float(bin_ms), str(compat), _threads(threads))
        self.sparse = bool(sparse)
        self.num_steps = int(self._j.numSteps())
        self.num_channels = int(self._j.numChannels())
        self.num_batches = int(self._j.numBatches())

    def __iter__(self):
        return self

    def __len__(self):
        return self.num_batches

    def __next__(self):
        with _jvm.errors():
            if not self._j.next():
                raise StopIteration
            size = int(self._j.size())
            labels = _from_java(self._j.labels(), np.int64)
            indices = _from_java(self._j.indices(), np.int64)
            events = _from_java(self._j.events(), np.int64).reshape(4, -1)
        shape = (size, self.num_steps, self.num_channels)
        x = SparseInput(events[:3].copy(), events[3].astype(np.float32), shape)
        return ShdAddingBatch(x if self.sparse else x.to_dense(), labels, indices)


def shd_adding(shd_path, seed=0, batch_size=8, bin_ms=2.0, compat="reference", batches=DEFAULT_BATCHES, pairs=None,
               sparse=False, threads=None):
    """SHD-Adding batches from an SHD .h5, made in process (no files), as `elmkit shd-adding` makes them.

    compat="reference" draws exactly as the official loader (numpy default_rng(seed), integers(0, n, 2B) per
    batch), so the batches equal its output batch for batch; "native" uses counter-based draws. Each batch is an
    ShdAddingBatch: `for x, labels in shd_adding(...)` with x float32 (B, 2T, C), or a SparseInput with
    sparse=True. `batches` batches (or `pairs` pairs) in all; `threads` bin the source (default all cores)."""
    return ShdAddingBatches(shd_path, seed, batch_size, bin_ms, compat, batches, pairs, sparse, threads)


_dataset_class = None


def dataset_class():
    """torch.utils.data.IterableDataset over shd_adding, made on first use (importing torch takes seconds)."""
    global _dataset_class
    if _dataset_class is not None:
        return _dataset_class
    try:
        import torch
        from torch.utils.data import IterableDataset
    except ImportError as e:
        raise ImportError("elmkit.ShdAddingDataset needs PyTorch (pip: torch, Debian: python3-torch); "
                          "elmkit.shd_adding gives the same batches as NumPy arrays without it") from e

    class ShdAddingDataset(IterableDataset):
        """shd_adding as a torch IterableDataset of (x, labels) batches: x float32 (B, 2T, C) (a sparse COO
        tensor with sparse=True), labels int64 (B,). Use DataLoader(dataset, batch_size=None): it is batched
        already. Each iteration replays the same batches (same seed)."""

        def __init__(self, shd_path, **kwargs):
            super().__init__()
            self.shd_path = shd_path
            self.kwargs = kwargs

        def __iter__(self):
            for batch in shd_adding(self.shd_path, **self.kwargs):
                if isinstance(batch.x, SparseInput):
                    x = torch.sparse_coo_tensor(torch.from_numpy(batch.x.indices), torch.from_numpy(batch.x.values),
                                                batch.x.shape)
                else:
                    x = torch.from_numpy(batch.x)
                yield x, torch.from_numpy(batch.labels)

    _dataset_class = ShdAddingDataset
    return _dataset_class


def write_shd(path, shd_path, seed=0, batch_size=8, batches=DEFAULT_BATCHES, pairs=None, compat="reference",
              times_dtype=np.float16):
    """Writes SHD-Adding pairs to a new file `path` in the SHD layout of the original files, which tonic and
    the reference loader read unchanged: spikes/times ragged float16 seconds, spikes/units ragged uint16, labels
    uint8 (0..18), extra/first_sample and extra/second_sample (the drawn indices). Pair p is the first digit
    (its spikes at or after 1.0 s dropped) followed by the second digit shifted by exactly 1 s, as
    `elmkit shd-adding --h5` makes it; the pairs are those of shd_adding with the same seed, batch_size and compat.

    float16 (as SHD) has a spacing of 2^-10 s (about 1 ms) between 1 and 2 s, so shifted times are rounded to it
    (t + 1 computed in float64, rounded once); pass times_dtype=np.float32 to keep them exact (as the Java
    writer does). Needs h5py. Returns the number of pairs written."""
    try:
        import h5py
    except ImportError as e:
        raise ImportError("write_shd needs h5py (Debian: python3-h5py, pip: h5py)") from e
    times_dtype = np.dtype(times_dtype)
    if times_dtype not in (np.dtype(np.float16), np.dtype(np.float32)):
        raise ElmkitValueError(f"times_dtype: expected float16 or float32, found {times_dtype}")
    path = os.fspath(path)
    first, second, labels = [], [], []
    # The bin width does not change which samples are drawn; one bin per digit makes this pass cheap.
    for batch in shd_adding(shd_path, seed=seed, batch_size=batch_size, bin_ms=1000.0, compat=compat,
                            batches=batches, pairs=pairs, sparse=True):
        n = batch.labels.size
        first.append(batch.indices[:n])
        second.append(batch.indices[n:])
        labels.append(batch.labels)
    first, second, labels = np.concatenate(first), np.concatenate(second), np.concatenate(labels)
    with h5py.File(os.fspath(shd_path), "r") as src:
        times_in, units_in = src["spikes"]["times"], src["spikes"]["units"]
        try:
            out = h5py.File(path, "w-")  # never overwrite: fails when path exists
        except (FileExistsError, OSError) as e:
            raise ElmkitOSError(f"{path}: cannot create (write_shd writes a new file, it never overwrites): {e}") from None
        try:
            with out:
                vlen = h5py.vlen_dtype
                times = out.create_dataset("spikes/times", (len(labels),), dtype=vlen(times_dtype))
                units = out.create_dataset("spikes/units", (len(labels),), dtype=vlen(np.dtype(np.uint16)))
                for p in range(len(labels)):
                    t1 = np.asarray(times_in[int(first[p])], dtype=np.float64)
                    u1 = np.asarray(units_in[int(first[p])])
                    t2 = np.asarray(times_in[int(second[p])], dtype=np.float64)
                    u2 = np.asarray(units_in[int(second[p])])
                    keep = t1 < 1.0
                    times[p] = np.concatenate([t1[keep], t2 + 1.0]).astype(times_dtype)
                    units[p] = np.concatenate([u1[keep], u2]).astype(np.uint16)
                out.create_dataset("labels", data=labels.astype(np.uint8))
                out.create_dataset("extra/first_sample", data=first)
                out.create_dataset("extra/second_sample", data=second)
                out.attrs["content"] = ("SHD-Adding pairs: first digit (spikes < 1.0 s) then second digit + 1.0 s; "
                                        "label = (label1 mod 10) + (label2 mod 10)")
                out.attrs["source"] = os.fspath(shd_path)
                out.attrs["seed"] = int(seed)
                out.attrs["batch_size"] = int(batch_size)
                out.attrs["compat"] = str(compat)
        except BaseException:
            os.remove(path)  # the file this call created, half written
            raise
    return len(labels)
