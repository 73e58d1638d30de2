"""PyTorch baseline for ForwardStepBenchmark: neuron-steps/s of elm_reference.ELM's forward.

Same shapes and input rates as the JMH benchmark (NeuronIO Branch-ELM d_m 20 at 14 spikes/ms;
plain ELM 700 inputs d_m 100 at 10 spikes/ms), one thread, batch 1 and 64, no autograd.
Usage: /usr/bin/python3 benchmarks/python/bench_forward_torch.py [steps] [threads]
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(__file__))
import elm_reference as R  # noqa: E402
import blas  # noqa: E402

torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
blas.report()
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
shapes = {
    "neuronio": (dict(num_input=1278, num_output=2, num_memory=20, num_branch=45, num_synapse_per_branch=100,
                      input_to_synapse_routing="neuronio_routing", memory_tau_max=150.0), 14.0),
    "plain700": (dict(num_input=700, num_output=20, num_memory=100, memory_tau_max=150.0), 10.0),
}
for name, (cfg, rate) in shapes.items():
    model = R.ELM(**cfg)
    for batch in (1, 64):
        p = rate / cfg["num_input"]
        x = (torch.rand(batch, steps, cfg["num_input"]) < p).float()
        with torch.no_grad():
            model(x[:, :20])
            t0 = time.perf_counter()
            model(x)
            dt = time.perf_counter() - t0
        print(f"torch {name:9s} batch {batch:3d}: {batch * steps / dt:12,.0f} neuron-steps/s")
