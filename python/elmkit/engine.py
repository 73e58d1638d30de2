"""The event-driven engine of `elmkit run`, driven from Python: inputs from NumPy arrays or files, neurons,
connections, and callbacks that receive each step's outputs and spikes as NumPy arrays."""
import os

import numpy as np

from . import _jvm
from .errors import ElmkitValueError
from .model import Model, _direct, _threads

_INT32_MAX = np.iinfo(np.int32).max


def _int32(name, values):
    a = np.asarray(values)
    if a.ndim != 1:
        raise ElmkitValueError(f"events: {name}: expected a 1-d array, found shape {list(a.shape)}")
    if a.size and not np.issubdtype(a.dtype, np.integer):
        raise ElmkitValueError(f"events: {name}: expected integers, found dtype {a.dtype}")
    if a.size and (a.min() < 0 or a.max() > _INT32_MAX):
        bad = a.min() if a.min() < 0 else a.max()
        raise ElmkitValueError(f"events: {name}: expected 0..{_INT32_MAX}, found {bad}")
    return a.astype(np.int32, copy=False)


class Engine:
    """Streams events through ELM neurons, step by step, like `elmkit run`.

    >>> eng = elmkit.Engine()
    >>> src = eng.add_events(stream, step, channel, value, num_channels=model.num_input)
    >>> ids = eng.add_neurons(model, src, streams=range(eng.input_streams(src)))
    >>> eng.on_step(lambda step, outputs, spikes: ...)   # outputs (neurons, d_o) float32, spikes int32 ids
    >>> eng.run()

    Outputs are the raw forward outputs, like `Model.predict`; row i of `outputs` is neuron id i (NaN for a
    neuron with fewer outputs than the widest model, or not live). Callbacks get fresh arrays they may keep.
    """

    def __init__(self, threads=1, dt_ms=1.0):
        jpype = _jvm.java()
        threads = _threads(threads)
        with _jvm.errors():
            options = _jvm.jclass("io.elmkit.sim.engine.Engine$Options").builder().threads(threads).dtMs(float(dt_ms)).build()
            self._j = _jvm.jclass("io.elmkit.sim.engine.Engine")(options)
        self._jpype = jpype
        self._inputs = []          # per input: (streams, channels)
        self._neuron_outputs = []  # per neuron id: num_output
        self._neuron_inputs = []   # per neuron id: num_input
        self._callbacks = []
        self._sink = None
        self._outputs = None
        self._spikes = None
        self._closed = False

    # ---- inputs ----

    def add_events(self, stream, step, channel, value=None, *, num_channels, num_streams=None, num_steps=None,
                   dt_ms=float("nan"), name="events arrays"):
        """An input from event rows (stream, step, channel[, value]; value 1.0 when omitted), in any order.
        `num_streams` defaults to max(stream) + 1, `num_steps` to max(step) + 1. Returns the input's index."""
        stream = _int32("stream", stream)
        step = _int32("step", step)
        channel = _int32("channel", channel)
        n = stream.size
        if value is None:
            value = np.ones(n, dtype=np.float32)
        value = np.asarray(value)
        if value.ndim != 1 or not (value.size == 0 or np.issubdtype(value.dtype, np.number)):
            raise ElmkitValueError(f"events: value: expected a 1-d numeric array, found shape {list(value.shape)}, dtype {value.dtype}")
        value = value.astype(np.float32, copy=False)
        if num_streams is None:
            num_streams = int(stream.max()) + 1 if n else 1
        if num_steps is None:
            num_steps = int(step.max()) + 1 if n else 0
        order = np.argsort(step, kind="stable")  # the engine takes events step by step
        jp = self._jpype
        arrays = [jp.JArray(jp.JInt)(np.ascontiguousarray(a[order])) for a in (stream, step, channel)]
        with _jvm.errors():
            source = _jvm.jclass("io.elmkit.cli.python.ArrayEventsInput")(
                int(num_streams), int(num_channels), float(dt_ms), int(num_steps), *arrays,
                jp.JArray(jp.JFloat)(np.ascontiguousarray(value[order])), name)
        return self._add_input(source)

    def add_dense(self, x, name="dense array"):
        """An input from a dense array (B, T, C) or (T, C), as `Model.predict` takes it: every non-zero entry
        becomes an event (stream b, step t, channel c, value x[b, t, c]); B streams of T steps."""
        x = np.asarray(x, dtype=np.float32)
        if x.ndim == 2:
            x = x[None]
        if x.ndim != 3:
            raise ElmkitValueError(f"{name}: shape {list(x.shape)}: expected (B, T, C) or (T, C)")
        b, t, c = np.nonzero(x)
        return self.add_events(b, t, c, x[b, t, c], num_channels=x.shape[2], num_streams=x.shape[0],
                               num_steps=x.shape[1], name=name)

    def add_file(self, path, bin_ms=1.0):
        """An input from a file, as `elmkit run --input`: an events .npz (docs/formats.md), a journal directory,
        or an SHD .h5 (binned with the reference binning of `bin_ms`)."""
        path = os.fspath(path)
        J = _jvm.jclass
        p = J("java.nio.file.Paths").get(path)
        with _jvm.errors():
            if os.path.isdir(path):
                journal = J("io.elmkit.io.journal.SpikeJournal").open(p)
                self._journals = getattr(self, "_journals", []) + [journal]
                source = J("io.elmkit.io.journal.JournalInput")(journal, path)
            elif path.endswith(".npz"):
                source = J("io.elmkit.sim.engine.EventsFileInput")(J("io.elmkit.io.events.EventsFile").read(p), path)
            elif path.endswith((".h5", ".hdf5")):
                samples = J("io.elmkit.shd.BinnedSamples")(J("io.elmkit.io.shd.JhdfShdSamples").read(p),
                                                           J("io.elmkit.io.shd.ReferenceBinning").ofBinMs(float(bin_ms)))
                source = J("io.elmkit.sim.engine.EventsFileInput")(J("io.elmkit.shd.ShdEvents").of(samples), path)
            else:
                raise ElmkitValueError(f"{path}: expected an events .npz, a journal directory or an SHD .h5")
        return self._add_input(source)

    def _add_input(self, source):
        with _jvm.errors():
            index = int(self._j.addInput(source))
        self._inputs.append((int(source.numStreams()), int(source.numChannels()), int(source.numSteps()),
                             str(source.describe())))
        return index

    def input_streams(self, index):
        """Streams of input `index`."""
        return self._inputs[index][0]

    def input_steps(self, index):
        """Steps of input `index` (-1 when unknown)."""
        return self._inputs[index][2]

    # ---- neurons ----

    def add_neurons(self, model, input=None, streams=(0,), copies=1, spike_threshold=None, refractory_steps=2):
        """Neurons of `model`: `copies` on each of `streams` of `input` (or, with input None, `copies` neurons fed
        only by connections). With `spike_threshold` P they spike when sigmoid(output 0) >= P, then stay silent
        `refractory_steps` steps. Returns their ids (int array, stream-major)."""
        if not isinstance(model, Model):
            raise ElmkitValueError(f"model: expected an elmkit.Model, found {type(model).__name__}")
        if copies < 1:
            raise ElmkitValueError(f"copies: expected >= 1, found {copies}")
        J = _jvm.jclass
        rule = None
        if spike_threshold is not None:
            with _jvm.errors():
                rule = J("io.elmkit.sim.engine.SpikeRule").sigmoidOfOutput(0, float(spike_threshold), int(refractory_steps))
        ids = []
        if input is None:
            specs = [(-1, -1)]
        else:
            if not 0 <= input < len(self._inputs):
                raise ElmkitValueError(f"input: expected 0..{len(self._inputs) - 1}, found {input}")
            num_streams, num_channels, _, name = self._inputs[input]
            if num_channels != model.num_input:
                raise ElmkitValueError(f"{name}: num_channels is {num_channels}, but the model expects num_input = "
                                       f"{model.num_input}")
            specs = []
            for s in streams:
                if not 0 <= int(s) < num_streams:
                    raise ElmkitValueError(f"{name}: has {num_streams} streams, no stream {s}")
                specs.append((input, int(s)))
        with _jvm.errors():
            for inp, s in specs:
                spec = J("io.elmkit.sim.engine.NeuronSpec")(model.java, inp, s, rule)
                ids.extend(int(i) for i in self._j.addNeurons(spec, int(copies)))
        self._neuron_outputs.extend([model.num_output] * len(ids))
        self._neuron_inputs.extend([model.num_input] * len(ids))
        return np.asarray(ids, dtype=np.int64)

    def connect(self, source, target, channel, weight=1.0, delay_steps=1):
        """Spikes of neuron `source` arrive at input `channel` of neuron `target`, value `weight`, `delay_steps`
        (>= 1) steps later."""
        n = len(self._neuron_inputs)
        for role, neuron in (("source", source), ("target", target)):
            if not 0 <= int(neuron) < n:
                raise ElmkitValueError(f"connection {source} -> {target}: {role}: expected a neuron id 0..{n - 1}, "
                                       f"found {neuron}")
        if not 0 <= int(channel) < self._neuron_inputs[int(target)]:
            raise ElmkitValueError(f"connection {source} -> {target}: channel {channel} outside the target's "
                                   f"0..{self._neuron_inputs[int(target)] - 1}")
        with _jvm.errors():
            self._j.connect(int(source), int(target), int(channel), float(weight), int(delay_steps))

    def remove_neuron(self, neuron):
        """Stops stepping `neuron` from the next step on (its outputs row becomes NaN); its connections stay but
        deliver nothing."""
        if not 0 <= int(neuron) < len(self._neuron_inputs):
            raise ElmkitValueError(f"remove_neuron: expected a neuron id 0..{len(self._neuron_inputs) - 1}, found {neuron}")
        with _jvm.errors():
            self._j.removeNeuron(int(neuron))

    # ---- running ----

    def on_step(self, callback):
        """Calls `callback(step, outputs, spikes)` after every step: outputs float32 (neurons, d_o), spikes int32
        ids of the neurons that spiked. Returns the callback (usable as a decorator)."""
        self._callbacks.append(callback)
        return callback

    def _prepare_buffers(self):
        neurons = len(self._neuron_outputs)
        width = max(self._neuron_outputs, default=1)
        if self._outputs is not None and self._outputs.shape == (neurons, width):
            return
        self._outputs = np.full((neurons, width), np.nan, dtype=np.float32)
        self._spikes = np.zeros(max(neurons, 1), dtype=np.int32)
        # Empty arrays have no memory to share: Java gets empty buffers then.
        with _jvm.errors():
            outs = _direct(self._outputs) if self._outputs.size else _jvm.jclass("java.nio.ByteBuffer").allocateDirect(0)
            spikes = _direct(self._spikes[:neurons]) if neurons else _jvm.jclass("java.nio.ByteBuffer").allocateDirect(0)
            if self._sink is None:
                self._sink = _jvm.jclass("io.elmkit.cli.python.BufferOutputSink")(outs, spikes, neurons, width)
                self._j.addSink(self._sink)
            else:
                self._sink.setBuffers(outs, spikes, neurons, width)

    def _check_can_end(self, max_steps):
        if max_steps is None and not self._inputs:
            raise ElmkitValueError("engine: no input, so it never ends by itself: pass max_steps")

    def run(self, max_steps=None):
        """Runs until every input has ended (or `max_steps` steps); calls the callbacks after each step.
        Returns the steps run."""
        self._check_can_end(max_steps)
        limit = (1 << 62) if max_steps is None else int(max_steps)
        if self._sink is not None:
            self._prepare_buffers()  # neurons added since the last step need rows
        if not self._callbacks:
            with _jvm.errors():
                return int(self._j.run(limit))
        self._prepare_buffers()
        done = 0
        while done < limit and self.step():
            done += 1
        return done

    def step(self):
        """Runs one step and calls the callbacks; False (and nothing run) when every input has ended."""
        self._prepare_buffers()
        with _jvm.errors():
            ran = int(self._j.run(1))
        if not ran:
            return False
        if self._callbacks:
            sink = self._sink
            step = int(sink.step())
            count = int(sink.spikeCount())
            for callback in self._callbacks:
                callback(step, self._outputs.copy(), self._spikes[:count].copy())
        return True

    def outputs(self):
        """The last step's outputs (neurons, d_o), a copy (NaN before the first step run by run()/step() with
        callbacks or after step())."""
        return None if self._outputs is None else self._outputs.copy()

    finished = _jvm.java_property("isFinished", bool)
    steps = _jvm.java_property("steps", int, "Steps run so far.")
    neuron_steps = _jvm.java_property("neuronSteps", int)
    spikes_emitted = _jvm.java_property("spikesEmitted", int)
    input_events = _jvm.java_property("inputEvents", int)

    def close(self):
        """Stops the engine's threads and closes its inputs (and journals)."""
        if not self._closed:
            self._closed = True
            with _jvm.errors():
                self._j.close()
                for journal in getattr(self, "_journals", []):
                    journal.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
