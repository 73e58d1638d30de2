"""Figures for the Python package, in one run (for the issue's note):

    /usr/bin/python3 python/benchmarks/bench_python.py [--shd ../shared/shd/shd_train.h5] [--batches 200]
        [--model ../shared/models/num_memory_20] [--repeats 5] [--json OUT.json]

1. SHD-Adding batches per second into NumPy (bin 2 ms, batch 8, seed 0, dense (8, 1000, 700) float32):
   elmkit.shd_adding (dense and sparse COO) against the reference loader's per-batch work done with h5py +
   np.digitize (as shd-adding/src/test/python/bench_reference_loader.py, which builds the dense batch with
   torch; here with np.add.at when torch is missing, and with torch too when it imports). The first batches are
   checked equal before timing.
2. predict overhead from Python against the CLI, on a small and a large NeuronIO-like input (binary spikes,
   p = 0.002 per ms and synapse): model.predict (arrays in and out, in process); the Java forward alone on a
   Java array (no transfer: the compute); the `predict` command in this JVM (elmkit.cli, .npy files); the
   command as a new process (`java -jar elmkit.jar predict`), including writing x.npy and reading y.npy; and
   the input's two bulk ways into Java (JArray(JFloat)(x), and a direct buffer over x read with one get).
   Medians of --repeats runs after one warm-up.
"""
import argparse
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
sys.path.insert(0, str(REPO / "python" / "tests"))
import elmkit  # noqa: E402
from elmkit import _jvm  # noqa: E402
from reference_loader import dense_numpy, dense_torch  # noqa: E402


def seconds(fn, repeats, best=None, key=None):
    """Median wall time of `repeats` calls after a warm-up (JIT, page cache); the fastest goes to best[key]."""
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    if best is not None:
        best[key] = min(times)
    return statistics.median(times)


def batches_per_second(make, batches):
    t = time.perf_counter()
    n = sum(1 for _ in make())
    assert n == batches, (n, batches)
    return n / (time.perf_counter() - t)


def shd_figures(shd, batches):
    out = {"file": str(shd), "bin_ms": 2, "batch_size": 8, "batches": batches}
    t = time.perf_counter()
    elmkit.shd_adding(shd, batches=1)  # reads and bins every sample of the file (the one-off cost of a run)
    out["elmkit_setup_s"] = time.perf_counter() - t
    first = next(iter(elmkit.shd_adding(shd, batches=2)))
    ref = next(dense_numpy(shd, 2, 8, 2))
    assert np.array_equal(first.x, ref[0]) and np.array_equal(first.labels, ref[1]), "elmkit != reference loader"
    out["elmkit_dense_batches_per_s"] = batches_per_second(lambda: elmkit.shd_adding(shd, batches=batches), batches)
    out["elmkit_sparse_batches_per_s"] = batches_per_second(
        lambda: elmkit.shd_adding(shd, batches=batches, sparse=True), batches)
    out["reference_numpy_batches_per_s"] = batches_per_second(lambda: dense_numpy(shd, 2, 8, batches), batches)
    try:
        import torch  # noqa: F401
        out["reference_torch_batches_per_s"] = batches_per_second(lambda: dense_torch(shd, 2, 8, batches), batches)
    except ImportError:
        out["reference_torch_batches_per_s"] = None
    return out


def predict_figures(model_dir, shape, repeats, tmp):
    model = elmkit.Model.load(model_dir)
    rng = np.random.default_rng(0)
    x = (rng.random(shape) < 0.002).astype(np.float32)
    jpype = _jvm.java()
    J = _jvm.jclass
    jx = jpype.JArray(jpype.JFloat)(x.reshape(-1))
    kind = J("io.elmkit.sim.step.StepperKind").parse("event")
    threads = os.cpu_count()
    batch, steps = shape[0], shape[1]
    out = {"shape": list(shape), "threads": threads, "input_MB": x.nbytes / 1e6}
    # The two bulk ways into Java: JPype's array conversion (buffer protocol, one copy into a new float[]) and a
    # direct buffer over NumPy's memory (no copy) read into a float[] with one bulk get (what predict does).
    order = J("java.nio.ByteOrder").nativeOrder()
    out["to_java_JArray_s"] = seconds(lambda: jpype.JArray(jpype.JFloat)(x.reshape(-1)), repeats)
    out["to_java_direct_buffer_get_s"] = seconds(
        lambda: jpype.nio.convertToDirectBuffer(x).order(order).asFloatBuffer().get(jpype.JArray(jpype.JFloat)(x.size)),
        repeats)
    fastest = {}
    forward = J("io.elmkit.sim.step.BatchForward")
    out["python_predict_s"] = seconds(lambda: model.predict(x), repeats, fastest, "python")
    out["java_forward_only_s"] = seconds(lambda: forward.run(model.java, kind, jx, batch, steps, threads), repeats,
                                         fastest, "forward")
    out["python_predict_fastest_s"] = fastest["python"]
    out["java_forward_only_fastest_s"] = fastest["forward"]
    xs, ys = tmp / "x.npy", tmp / "y.npy"
    np.save(xs, x)
    out["cli_in_process_s"] = seconds(
        lambda: elmkit.cli("predict", "--model", model_dir, "--input", xs, "--output", ys, progress=False), repeats)
    cmd = ["java", "@" + str(REPO / "etc" / "jvm.options"), "-jar", str(_jvm.find_jar()), "predict", "--model",
           str(model_dir), "--input", str(xs), "--output", str(ys)]

    def subprocess_cli():
        np.save(xs, x)
        subprocess.run(cmd, check=True, capture_output=True)
        return np.load(ys)

    out["cli_subprocess_with_npy_io_s"] = seconds(subprocess_cli, max(2, repeats // 2))
    assert np.array_equal(subprocess_cli(), model.predict(x)), "python predict != CLI predict"
    out["python_overhead_s"] = out["python_predict_s"] - out["java_forward_only_s"]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shd", default=str(REPO.parent / "shared" / "shd" / "shd_train.h5"))
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--model", default=str(REPO.parent / "shared" / "models" / "num_memory_20"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    t = time.perf_counter()
    _jvm.java()
    figures = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
               "jvm_start_s": time.perf_counter() - t}
    figures["shd_adding"] = shd_figures(args.shd, args.batches)
    with tempfile.TemporaryDirectory() as tmp:
        figures["predict_small"] = predict_figures(args.model, (1, 100, 1278), args.repeats, pathlib.Path(tmp))
        figures["predict_large"] = predict_figures(args.model, (8, 2000, 1278), args.repeats, pathlib.Path(tmp))
    figures["load_after"] = os.getloadavg()[0]

    s = figures["shd_adding"]
    print(f"machine: {figures['machine']}; JVM start in process {figures['jvm_start_s']:.2f} s")
    print(f"SHD-Adding, {s['file']}, bin 2 ms, batch 8, {s['batches']} batches (dense (8, 1000, 700) float32):")
    print(f"  elmkit.shd_adding dense   {s['elmkit_dense_batches_per_s']:8.1f} batches/s"
          f"  (+ {s['elmkit_setup_s']:.2f} s once: read and bin the file)")
    print(f"  elmkit.shd_adding sparse  {s['elmkit_sparse_batches_per_s']:8.1f} batches/s")
    print(f"  reference h5py+digitize   {s['reference_numpy_batches_per_s']:8.1f} batches/s (dense with NumPy)")
    if s["reference_torch_batches_per_s"] is not None:
        print(f"  reference h5py+digitize   {s['reference_torch_batches_per_s']:8.1f} batches/s (dense with torch)")
    for name in ("predict_small", "predict_large"):
        p = figures[name]
        print(f"predict {tuple(p['shape'])} ({p['input_MB']:.1f} MB in), num_memory_20, {p['threads']} threads:"
              f" python {p['python_predict_s'] * 1e3:.1f} ms = forward {p['java_forward_only_s'] * 1e3:.1f} ms"
              f" + overhead {p['python_overhead_s'] * 1e3:.1f} ms (fastest runs: {p['python_predict_fastest_s'] * 1e3:.1f}"
              f" vs {p['java_forward_only_fastest_s'] * 1e3:.1f} ms); CLI in process (npy files)"
              f" {p['cli_in_process_s'] * 1e3:.1f} ms; CLI subprocess {p['cli_subprocess_with_npy_io_s'] * 1e3:.0f} ms;"
              f" into Java: JArray {p['to_java_JArray_s'] * 1e3:.1f} ms, direct buffer + get"
              f" {p['to_java_direct_buffer_get_s'] * 1e3:.1f} ms")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(figures, indent=2))
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
