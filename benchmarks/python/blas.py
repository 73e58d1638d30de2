"""Which BLAS library the PyTorch baselines run on, printed before their figures.

Debian's python3-torch does its CPU matrix products through libblas.so.3, which Debian's
alternatives point at whatever BLAS is installed: with only libblas3 (the reference BLAS) the
plain ELM's batch-64 forward measured ~5k neuron-steps/s on a 2-core AMD EPYC, ~90k with OpenBLAS
(libopenblas0-pthread) on the same machine. A baseline on the reference BLAS is not a baseline, so
the scripts say which library they ran on and warn about that one.
"""
import torch

REFERENCE_BLAS_DIR = "/blas/"  # Debian's libblas3: /usr/lib/x86_64-linux-gnu/blas/libblas.so.3


def loaded_blas():
    """The BLAS and LAPACK libraries mapped into this process (after one matrix product)."""
    a = torch.ones(64, 64)
    (a @ a).sum().item()
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return []
    return sorted(p for p in paths if p.startswith("/"))


def report():
    """Prints the BLAS in use, and a warning when it is the reference BLAS."""
    libraries = loaded_blas()
    print("BLAS: " + (", ".join(libraries) if libraries else "none mapped (PyTorch's own kernels)"))
    if any(REFERENCE_BLAS_DIR in p and "openblas" not in p for p in libraries):
        print("WARNING: the reference BLAS (Debian libblas3) is in use: CPU figures are an order of magnitude"
              " low; install libopenblas0-pthread (apt-get install libopenblas0-pthread) and run again")
