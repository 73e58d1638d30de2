"""Makes src/test/resources/npy/* with NumPy (documentation of the fixtures; tests do not run it).

Every array holds arange(6) reshaped to (2, 3) in its dtype (bool: odd elements True), so the
Java test knows the values without reading NumPy's output.
Run from the module folder: python3 src/test/python/make_npy_fixtures.py
"""
import numpy as np

base = np.arange(6).reshape(2, 3)
arrays = {}
for code in ["<f2", "<f4", "<f8", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", ">f4", ">f8", ">i2", ">i4", ">i8", ">u2", ">f2"]:
    arrays[code.replace("<", "le_").replace(">", "be_").replace("|", "")] = base.astype(np.dtype(code))
arrays["bool"] = (base % 2 == 1)
arrays["scalar_f8"] = np.float64(2.5)
arrays["empty_f4"] = np.zeros((0,), np.float32)
for name, a in arrays.items():
    np.save(f"src/test/resources/npy/{name}.npy", a)
np.savez("src/test/resources/npy/all.npz", **arrays)
np.savez_compressed("src/test/resources/npy/all_compressed.npz", **arrays)
np.save("src/test/resources/npy/fortran.npy", np.asfortranarray(base.astype(np.float32)))
np.save("src/test/resources/npy/complex.npy", base.astype(np.complex64))
