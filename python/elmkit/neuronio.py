"""NeuronIO evaluation of `elmkit eval-neuronio`, in process: the same metrics (same keys as its JSON) and the
per-simulation traces as NumPy arrays."""
import json
import os
import sys
from dataclasses import dataclass

import numpy as np

from . import _jvm
from .cli import _printer
from .errors import ElmkitValueError
from .model import Model, _threads


@dataclass
class NeuronioTrace:
    """One evaluated simulation, every ms of it (the metrics skip the first 500 ms): the ELM's spike probability,
    NEURON's output spikes, and the soma voltage predicted (mapped onto the target's mean and std per file) and
    simulated, both clip(v, -55) + 67.7 mV. Simulations with more than 24 output spikes are left out, as in the
    metrics."""
    file: str
    simulation: int
    spike_probability: np.ndarray
    spikes: np.ndarray
    soma_predicted_mv: np.ndarray
    soma_target_mv: np.ndarray


def _doubles(jarray):
    return np.array(memoryview(jarray), dtype=np.float64)


def eval_neuronio(model, traces, threads=None, progress=True, with_traces=False, refractory_steps=2):
    """`elmkit eval-neuronio --model M --traces F...`: the reference NeuronIO evaluation of `model` (an
    elmkit.Model or a model directory) on NeuronIO pickles (.p, .p.gz) or trace .npz files, predictions
    concatenated, soma normalised per file. Returns the metrics dict (what `--json` writes: the metrics and
    `decision_thresholds`, the rate-matched one for a spike rule with `refractory_steps`); with
    with_traces=True, (metrics, [NeuronioTrace, ...]). Progress goes to sys.stderr (terminal or notebook) when
    `progress`."""
    if not isinstance(model, Model):
        model = Model.load(model)
    if isinstance(traces, (str, os.PathLike)):
        traces = [traces]
    files = [os.fspath(t) for t in traces]
    if not files:
        raise ElmkitValueError("traces: expected at least one NeuronIO file, found none")
    jpype = _jvm.java()
    lines = None
    if progress:
        lines = jpype.JProxy(_jvm.jclass("io.elmkit.cli.python.InProcessCli$Lines"), dict={"onLine": _printer(sys.stderr)})
    with _jvm.errors():
        result = _jvm.jclass("io.elmkit.cli.python.Neuronio").evaluate(
            model.java, jpype.JArray(jpype.JString)(files), _threads(threads), lines)
        metrics = json.loads(str(_jvm.jclass("io.elmkit.cli.PythonAccess").evalNeuronioJson(result, refractory_steps)))
        if not with_traces:
            return metrics
        out = []
        for t in result.traces:
            out.append(NeuronioTrace(str(t.file()), int(t.simulation()), _doubles(t.spikeProbability()),
                                     np.array(memoryview(t.spikes()), dtype=bool), _doubles(t.somaPredictedMv()),
                                     _doubles(t.somaTargetMv())))
    return metrics, out
