"""PyTorch baselines for the engine and training figures: forward and training neuron-steps/s of
elm_reference.ELM on a CPU (chosen thread count) or a GPU, over a range of batch sizes.

Shapes and input rates are those of the JMH benchmarks (NeuronIO Branch-ELM d_m 20 at 14 spikes/ms;
plain ELM 700 inputs d_m 100 at 10 spikes/ms, the SHD shape). Training = forward, loss, backward
and one Adam step per batch (NeuronIO: the NeuronIO loss on random targets; plain: cross-entropy of
the time-averaged outputs, as SHD training does), like TrainStepBenchmark. The model steps in a
Python loop over time, as the reference ELM does.

Usage: python3 benchmarks/python/bench_torch.py DEVICE THREADS MODE SHAPE STEPS BATCH [BATCH ...]
  DEVICE cpu | cuda; THREADS torch.set_num_threads (cpu); MODE forward | train;
  SHAPE neuronio | plain700; STEPS time steps per sequence.
Example: python3 benchmarks/python/bench_torch.py cuda 1 forward neuronio 200 1 1024 16384
"""
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import elm_reference as R  # noqa: E402
import blas  # noqa: E402

SHAPES = {
    "neuronio": (dict(num_input=1278, num_output=2, num_memory=20, num_branch=45, num_synapse_per_branch=100,
                      input_to_synapse_routing="neuronio_routing", memory_tau_max=150.0), 14.0),
    "plain700": (dict(num_input=700, num_output=20, num_memory=100, memory_tau_max=150.0), 10.0),
}


def sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def main(argv):
    if len(argv) < 6:
        print(__doc__)
        return 2
    device, threads, mode, shape, steps = argv[0], int(argv[1]), argv[2], argv[3], int(argv[4])
    batches = [int(b) for b in argv[5:]]
    torch.set_num_threads(threads)
    if device == "cpu":
        blas.report()
    cfg, rate = SHAPES[shape]
    torch.manual_seed(1)
    model = R.ELM(**cfg).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    where = torch.cuda.get_device_name() if device == "cuda" else f"cpu, {threads} threads"
    for batch in batches:
        x = (torch.rand(batch, steps, cfg["num_input"], device=device) < rate / cfg["num_input"]).float()
        if mode == "forward":
            def run():
                with torch.no_grad():
                    model(x)
        else:
            spike = (torch.rand(batch, steps, device=device) < 0.01).float()
            soma = torch.randn(batch, steps, device=device)
            label = torch.randint(0, cfg["num_output"], (batch,), device=device)

            def run():
                optimiser.zero_grad()
                y = model(x)
                if shape == "neuronio":
                    loss = R.neuronio_loss(y, spike, soma)
                else:
                    loss = F.cross_entropy(y.mean(1), label)
                loss.backward()
                optimiser.step()
        run()  # warm-up (CUDA kernels, allocator)
        sync(device)
        repeats = 0
        t0 = time.perf_counter()
        while True:
            run()
            sync(device)
            repeats += 1
            elapsed = time.perf_counter() - t0
            if elapsed > 1.0 and repeats >= 2:  # at least a second, at least two runs
                break
        print(f"torch {mode:7s} {shape:9s} {where}: batch {batch:6d} x {steps} steps: "
              f"{repeats * batch * steps / elapsed:14,.0f} neuron-steps/s ({repeats} runs, {elapsed:.2f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
