"""Writes the small SHD-layout fixtures for the bad-input tests (Debian python3-h5py):

    /usr/bin/python3 shd-adding/src/test/python/make_bad_shd_fixtures.py

into shd-adding/src/test/resources/io/elmkit/shd/: good3.h5 (3 valid samples, one of them empty),
bad_label.h5 (a label 25), bad_unit.h5 (a unit 700), not_shd.h5 (valid HDF5, other content),
short_labels.h5 (2 labels for 3 samples), truncated.h5 (good3.h5 cut after 1500 bytes).
"""
import os

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "io", "elmkit", "shd")


def write_shd(path, times, units, labels):
    with h5py.File(path, "w") as f:
        t = f.create_dataset("spikes/times", (len(times),), dtype=h5py.vlen_dtype(np.dtype("float16")))
        u = f.create_dataset("spikes/units", (len(units),), dtype=h5py.vlen_dtype(np.dtype("uint16")))
        for i in range(len(times)):
            t[i] = np.array(times[i], dtype=np.float16)
            u[i] = np.array(units[i], dtype=np.uint16)
        f["labels"] = np.array(labels, dtype=np.uint8)


def main():
    times = [[0.01, 0.5, 0.5, 1.2], [], [0.0, 0.999]]
    units = [[3, 4, 4, 5], [], [699, 0]]
    write_shd(os.path.join(OUT, "good3.h5"), times, units, [3, 17, 9])
    write_shd(os.path.join(OUT, "bad_label.h5"), times, units, [3, 25, 9])
    write_shd(os.path.join(OUT, "bad_unit.h5"), times, [[3, 4, 4, 5], [], [700, 0]], [3, 17, 9])
    write_shd(os.path.join(OUT, "short_labels.h5"), times, units, [3, 17])
    with h5py.File(os.path.join(OUT, "not_shd.h5"), "w") as f:
        f["x"] = np.arange(5)
    with open(os.path.join(OUT, "good3.h5"), "rb") as f:
        head = f.read(1500)
    with open(os.path.join(OUT, "truncated.h5"), "wb") as f:
        f.write(head)


if __name__ == "__main__":
    main()
