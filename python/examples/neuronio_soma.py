"""A published NeuronIO ELM on a NEURON simulation of the L5PC, in this Python process, cell by cell.

    /usr/bin/python3 python/examples/neuronio_soma.py [MODEL_DIR] [NEURONIO_FILE] [OUT.png]

Defaults: ../shared/models/num_memory_20, ../shared/neuron/l5pc_seed101.p, neuronio_soma.png. Runs the reference
NeuronIO evaluation (as `elmkit eval-neuronio`), prints its metrics, and plots the first evaluated simulation's
soma voltage (NEURON against the ELM, whole simulation; the metrics skip each one's first 500 ms) and the ELM's
spike probability with NEURON's spikes, when matplotlib is installed (Debian: python3-matplotlib).
"""
# %%
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import elmkit  # noqa: E402

shared = pathlib.Path(__file__).resolve().parents[3] / "shared"
model_dir = sys.argv[1] if len(sys.argv) > 1 else shared / "models" / "num_memory_20"
neuronio_file = sys.argv[2] if len(sys.argv) > 2 else shared / "neuron" / "l5pc_seed101.p"
png = pathlib.Path(sys.argv[3] if len(sys.argv) > 3 else "neuronio_soma.png")

# %% Load the published model and look at it.
model = elmkit.Model.load(model_dir)
info = model.info()
print(f"{model_dir}: {info['variant']} ELM, {info['trainable_parameters']} parameters, "
      f"num_memory {info['config']['num_memory']}")

# %% Evaluate it on the NeuronIO file: the same metrics as `elmkit eval-neuronio --json`, plus the traces.
metrics, traces = elmkit.eval_neuronio(model, neuronio_file, with_traces=True)
for key, value in metrics.items():
    if key != "decision_thresholds":
        print(f"  {key:34s} {value:.4f}")
rate = metrics["decision_thresholds"]["neuron_rate"]
print(f"  a spike where p(spike) >= {rate['threshold']:.4f} fires {rate['model_spikes']} spikes "
      f"(NEURON: {rate['neuron_spikes']}); use it with `elmkit run --spike-threshold`")

# %% Plot the first evaluated simulation.
trace = traces[0]
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed (Debian: python3-matplotlib, pip: matplotlib): no plot; "
          f"the soma trace has {trace.soma_target_mv.size} ms, RMSE {metrics['soma_RMSE']:.3f} mV")
    sys.exit(0)

import numpy as np  # noqa: E402

t_ms = np.arange(trace.soma_target_mv.size)
fig, (soma, spikes) = plt.subplots(2, 1, figsize=(12, 6), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
soma.plot(t_ms, trace.soma_target_mv, lw=0.8, label="NEURON (L5PC)")
soma.plot(t_ms, trace.soma_predicted_mv, lw=0.8, label=f"ELM ({pathlib.Path(model_dir).name})")
soma.set_ylabel("clip(v, -55) + 67.7 (mV)")
soma.set_title(f"Soma voltage, {trace.file} simulation {trace.simulation}; "
               f"soma RMSE {metrics['soma_RMSE']:.3f} mV, AUC {metrics['AUC']:.4f} over the file")
soma.legend(loc="upper left")
spikes.plot(t_ms, trace.spike_probability, lw=0.8, color="C1", label="ELM p(spike)")
top = max(float(trace.spike_probability.max()), 0.05) * 1.15  # p stays small between spikes: scale to it
spike_at = t_ms[trace.spikes]
spikes.plot(spike_at, np.full(spike_at.shape, top * 0.93), "k|", markersize=12, label="NEURON spikes")
spikes.set_ylim(0, top)
spikes.set_xlabel("time (ms)")
spikes.set_ylabel("p(spike)")
spikes.legend(loc="upper left")
fig.tight_layout()
fig.savefig(png, dpi=110)
print(f"wrote {png}")
