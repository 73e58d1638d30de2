import numpy as np
import pytest

import elmkit
from conftest import reference
from reference_loader import dense_numpy


def test_shd_adding_equals_the_official_loader_golden_batch_for_batch():
    golden = reference("golden/shd-adding-seed0-batch4-bin10")
    shd = reference("shd/shd_train.h5")
    batches = list(elmkit.shd_adding(shd, seed=0, batch_size=4, bin_ms=10, batches=3, sparse=True))
    assert len(batches) == 3
    for b, batch in enumerate(batches):
        assert np.array_equal(batch.indices, np.load(golden / f"batch{b}_indices.npy"))
        assert np.array_equal(batch.labels, np.load(golden / f"batch{b}_labels.npy"))
        assert list(batch.x.shape) == list(np.load(golden / f"batch{b}_shape.npy"))
        rows = np.concatenate([batch.x.indices, batch.x.values[None].astype(np.int64)]).T  # (pair, step, channel, count)
        assert np.array_equal(rows, np.load(golden / f"batch{b}_events.npy"))


def test_dense_batches_equal_the_reference_arithmetic_at_the_default_bin():
    pytest.importorskip("h5py", reason="the reference loader reads SHD with h5py (Debian: python3-h5py)")
    shd = reference("shd/shd_train.h5")
    ours = elmkit.shd_adding(shd, seed=0, batch_size=8, bin_ms=2, batches=4)
    assert len(ours) == 4
    n = 0
    for (x, labels), (rx, rlabels) in zip(ours, dense_numpy(shd, 2, 8, 4)):
        assert x.dtype == np.float32 and x.shape == rx.shape == (8, 1000, 700)
        assert np.array_equal(x, rx) and np.array_equal(labels, rlabels)
        n += 1
    assert n == 4


def test_sparse_and_dense_agree_and_native_mode_differs():
    shd = reference("shd/shd_train.h5")
    dense = list(elmkit.shd_adding(shd, batch_size=3, bin_ms=5, batches=2))
    sparse = list(elmkit.shd_adding(shd, batch_size=3, bin_ms=5, batches=2, sparse=True))
    for d, s in zip(dense, sparse):
        assert np.array_equal(d.x, s.x.to_dense()) and np.array_equal(d.labels, s.labels)
    native = list(elmkit.shd_adding(shd, batch_size=3, bin_ms=5, batches=2, compat="native"))
    assert not all(np.array_equal(a.indices, b.indices) for a, b in zip(dense, native))


def test_shd_adding_errors_name_the_file_and_option(tmp_path):
    with pytest.raises(FileNotFoundError) as caught:
        elmkit.shd_adding(tmp_path / "missing.h5")
    assert str(tmp_path / "missing.h5") in str(caught.value)
    bad = tmp_path / "not.h5"
    bad.write_bytes(b"this is not HDF5" * 10)
    with pytest.raises(elmkit.ElmkitError) as caught:
        elmkit.shd_adding(bad)
    assert str(bad) in str(caught.value) and "\n" not in str(caught.value)
    shd = reference("shd/shd_train.h5")
    with pytest.raises(ValueError, match="compat: expected reference or native, found 'torch'"):
        elmkit.shd_adding(shd, compat="torch")
    with pytest.raises(ValueError, match="bin_ms"):
        elmkit.shd_adding(shd, bin_ms=0)


def test_write_shd_writes_the_true_shd_layout(tmp_path):
    h5py = pytest.importorskip("h5py", reason="write_shd needs h5py (Debian: python3-h5py)")
    shd = reference("shd/shd_train.h5")
    out = tmp_path / "pairs.h5"
    assert elmkit.write_shd(out, shd, seed=0, batch_size=4, batches=2) == 8
    pairs = list(elmkit.shd_adding(shd, seed=0, batch_size=4, bin_ms=10, batches=2, sparse=True))
    first = np.concatenate([p.indices[:4] for p in pairs])
    second = np.concatenate([p.indices[4:] for p in pairs])
    with h5py.File(out, "r") as f, h5py.File(shd, "r") as src:
        assert f["spikes/times"].dtype.metadata["vlen"] == np.float16
        assert f["spikes/units"].dtype.metadata["vlen"] == np.uint16
        assert f["labels"].dtype == np.uint8
        assert np.array_equal(f["labels"][:], np.concatenate([p.labels for p in pairs]))
        assert np.array_equal(f["extra/first_sample"][:], first)
        for p in range(8):
            t, u = f["spikes/times"][p], f["spikes/units"][p]
            t1, u1 = src["spikes/times"][first[p]], src["spikes/units"][first[p]]
            t2, u2 = src["spikes/times"][second[p]], src["spikes/units"][second[p]]
            keep = t1 < 1.0
            k = int(keep.sum())
            assert np.array_equal(t[:k], t1[keep]) and np.array_equal(u[:k], u1[keep])  # first digit as stored
            assert np.array_equal(u[k:], u2)
            assert np.array_equal(t[k:], (t2.astype(np.float64) + 1.0).astype(np.float16))
    with pytest.raises(OSError, match="never overwrites"):
        elmkit.write_shd(out, shd, batches=1)
    # elmkit's own SHD reader takes the file too (binned on [0, 1) s as any SHD file).
    with elmkit.Engine() as engine:
        source = engine.add_file(out, bin_ms=10)
        assert engine.input_streams(source) == 8


def test_torch_dataset_yields_the_same_batches():
    torch = pytest.importorskip("torch", reason="ShdAddingDataset needs PyTorch (not installed)")
    shd = reference("shd/shd_train.h5")
    dataset = elmkit.ShdAddingDataset(shd, batch_size=2, bin_ms=10, batches=2)
    assert isinstance(dataset, torch.utils.data.IterableDataset)
    for (x, y), batch in zip(dataset, elmkit.shd_adding(shd, batch_size=2, bin_ms=10, batches=2)):
        assert np.array_equal(x.numpy(), batch.x) and np.array_equal(y.numpy(), batch.labels)
    sparse = elmkit.ShdAddingDataset(shd, batch_size=2, bin_ms=10, batches=2, sparse=True)
    loader = torch.utils.data.DataLoader(sparse, batch_size=None)
    for (x, y), batch in zip(loader, elmkit.shd_adding(shd, batch_size=2, bin_ms=10, batches=2)):
        assert x.is_sparse and np.array_equal(x.to_dense().numpy(), batch.x)
        assert y.dtype == torch.int64 and np.array_equal(y.numpy(), batch.labels)
