"""TraceRecorder: NetCon input events, soma voltage and output spikes of NEURON runs -> elmkit .npz."""
import numpy as np
from neuron import h

VERSION = 1


class TraceRecorder:
    """Records every simulation of a cell model into elmkit's trace layout.

    Inputs are NetCons (their events are the synaptic input spikes); segment s's excitatory input
    becomes channel s (value +1), its inhibitory input channel S + s (value -1), as in NeuronIO.
    The soma voltage is sampled every dt_ms; output spikes are threshold crossings at the soma.
    """

    def __init__(self, soma_segment, num_segments, dt_ms=1.0, spike_threshold_mv=-20.0):
        self.num_segments = int(num_segments)
        self.dt_ms = float(dt_ms)
        self._inputs = []  # (vector, channel, value)
        self._soma = h.Vector()
        self._soma.record(soma_segment._ref_v, self.dt_ms)
        self._spike_times = h.Vector()
        self._spike_detector = h.NetCon(soma_segment._ref_v, None, sec=soma_segment.sec)
        self._spike_detector.threshold = spike_threshold_mv
        self._spike_detector.record(self._spike_times)
        self._simulations = []

    def add_input(self, netcon, segment, excitatory=True):
        """Records the events of `netcon` as input spikes to `segment` (0 <= segment < num_segments)."""
        if not 0 <= segment < self.num_segments:
            raise ValueError(f"segment {segment} outside 0..{self.num_segments - 1}")
        vec = h.Vector()
        netcon.record(vec)
        channel = segment if excitatory else self.num_segments + segment
        self._inputs.append((vec, channel, 1.0 if excitatory else -1.0))

    def start(self):
        """Clears the input and spike recordings before a run (the soma trace restarts by itself)."""
        for vec, _, _ in self._inputs:
            vec.resize(0)
        self._spike_times.resize(0)

    def end_simulation(self, duration_ms):
        """Collects the run that just finished (call after h.continuerun)."""
        steps = int(round(duration_ms / self.dt_ms))
        events = {}
        for vec, channel, value in self._inputs:
            for t in vec.as_numpy():
                step = int(t // self.dt_ms)
                if 0 <= step < steps:
                    events[(step, channel)] = events.get((step, channel), 0.0) + value
        soma = self._soma.as_numpy()[:steps].astype(np.float32)
        if len(soma) < steps:
            raise RuntimeError(f"soma trace has {len(soma)} samples, expected {steps}: did the run reach {duration_ms} ms?")
        spikes = np.array([t for t in self._spike_times.as_numpy() if t < duration_ms], dtype=np.float64)
        self._simulations.append((steps, sorted(events.items()), soma, spikes))

    def save(self, path):
        """Writes every collected simulation to `path` (.npz)."""
        if not self._simulations:
            raise RuntimeError("no simulation collected: call end_simulation() after each run")
        steps = self._simulations[0][0]
        if any(s[0] != steps for s in self._simulations):
            raise ValueError("all simulations of one trace file must have the same duration")
        sample, step, channel, value = [], [], [], []
        for i, (_, events, _, _) in enumerate(self._simulations):
            for (st, ch), v in events:
                sample.append(i)
                step.append(st)
                channel.append(ch)
                value.append(v)
        offsets = np.cumsum([0] + [len(s[3]) for s in self._simulations]).astype(np.int64)
        np.savez_compressed(
            path,
            sample=np.array(sample, dtype=np.int64),
            step=np.array(step, dtype=np.int64),
            channel=np.array(channel, dtype=np.int32),
            value=np.array(value, dtype=np.float32),
            dt_ms=np.float64(self.dt_ms),
            num_channels=np.int64(2 * self.num_segments),
            num_steps=np.int64(steps),
            num_segments=np.int64(self.num_segments),
            soma_mv=np.stack([s[2] for s in self._simulations]),
            output_spike_ms=np.concatenate([s[3] for s in self._simulations]).astype(np.float64),
            output_spike_offsets=offsets,
            elmkit_traces_version=np.int64(VERSION),
        )
