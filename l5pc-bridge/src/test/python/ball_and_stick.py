"""A ball-and-stick cell in NEURON, driven by Poisson excitation and inhibition on every segment,
recorded with elmkit_neuron.TraceRecorder. Used by NeuronRecorderTest (skipped without NEURON).

Usage: python3 ball_and_stick.py OUT.npz [simulations] [duration_ms]
Prints a JSON summary (per simulation: input events, output spikes) on the last line.
"""
import json
import sys

from neuron import h

from elmkit_neuron import TraceRecorder

h.load_file("stdrun.hoc")
out = sys.argv[1]
simulations = int(sys.argv[2]) if len(sys.argv) > 2 else 2
duration = float(sys.argv[3]) if len(sys.argv) > 3 else 1000.0

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 300, 2, 5
dend.insert("pas")
dend.connect(soma(1))
segments = [soma(0.5)] + [seg for seg in dend]

rec = TraceRecorder(soma(0.5), num_segments=len(segments))
keep = []
for i, seg in enumerate(segments):
    for excitatory in (True, False):
        syn = h.ExpSyn(seg)
        syn.e = 0 if excitatory else -80
        syn.tau = 2 if excitatory else 5
        stim = h.NetStim()
        stim.interval = 8 if excitatory else 20
        stim.number = 1e9
        stim.noise = 1
        nc = h.NetCon(stim, syn)
        nc.weight[0] = 0.0025 if excitatory else 0.002
        rec.add_input(nc, segment=i, excitatory=excitatory)
        keep.append((syn, stim, nc))

summary = []
for k in range(simulations):
    for j, (_, stim, _) in enumerate(keep):
        stim.seed(1000 * k + j)
    rec.start()
    h.finitialize(-65)
    h.continuerun(duration)
    rec.end_simulation(duration)
    _, events, _, spikes = rec._simulations[-1]
    summary.append({"events": sum(abs(int(v)) for _, v in events), "output_spikes": len(spikes)})
rec.save(out)
print(json.dumps({"segments": len(segments), "simulations": summary}))
