"""Record NEURON simulations into elmkit's trace format (l5pc-bridge/README.md).

Import inside your own NEURON session:

    from elmkit_neuron import TraceRecorder
    rec = TraceRecorder(soma(0.5), num_segments=len(segments))
    for i, (exc_netcon, inh_netcon) in enumerate(per_segment_netcons):
        rec.add_input(exc_netcon, segment=i, excitatory=True)
        rec.add_input(inh_netcon, segment=i, excitatory=False)
    for seed in seeds:
        ...                          # set up this simulation's stimuli
        rec.start()
        h.finitialize(-70); h.continuerun(6000)
        rec.end_simulation(duration_ms=6000)
    rec.save("my_traces.npz")        # read by `elmkit eval-neuronio --traces my_traces.npz`, `fit-neuronio`, ...
"""
from .recorder import TraceRecorder

__all__ = ["TraceRecorder"]
