"""ELM models: load, build from a torch state dict, inspect, run (`elmkit predict`) and save."""
import json
import os
import pathlib

import numpy as np

from . import _jvm
from .errors import ElmkitValueError


def _threads(threads):
    if threads is None:
        return os.cpu_count() or 1
    if int(threads) < 1:
        raise ElmkitValueError(f"threads: expected >= 1, found {threads}")
    return int(threads)


# NumPy kind+size -> (Java storage type name, the NumPy view of the same bits that JPype copies into it).
_STORAGE = {"f4": ("JFloat", np.float32), "f8": ("JDouble", np.float64), "f2": ("JShort", np.int16),
            "i1": ("JByte", np.int8), "u1": ("JByte", np.int8), "i2": ("JShort", np.int16), "u2": ("JShort", np.int16),
            "i4": ("JInt", np.int32), "i8": ("JLong", np.int64), "b1": ("JBoolean", np.bool_)}


def _to_ndarray(name, value):
    """A tensor (torch, NumPy or array-like) as a Java NdArray of the same dtype and shape (one bulk copy)."""
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    a = np.asarray(value)
    code = a.dtype.kind + str(a.dtype.itemsize)
    if code not in _STORAGE:
        raise ElmkitValueError(f"state dict: {name}: dtype {a.dtype} is not supported (float16/32/64, int8..64, "
                               "uint8/16, bool)")
    jpype = _jvm.java()
    storage, view = _STORAGE[code]
    flat = np.ascontiguousarray(a).reshape(-1).view(view)
    data = jpype.JArray(getattr(jpype, storage))(flat)
    dtype = _jvm.jclass("io.elmkit.io.nd.DType").fromNumpyCode(code)
    return _jvm.jclass("io.elmkit.io.nd.NdArray").wrap(dtype, data, jpype.JArray(jpype.JInt)(list(a.shape)))


def _from_ndarray(nd):
    """A Java NdArray as a NumPy array of its dtype and shape (one bulk copy)."""
    code = str(nd.dtype().numpyCode())
    _, view = _STORAGE[code]
    flat = np.array(memoryview(nd.data()), dtype=view) if nd.size() else np.zeros(0, view)
    return flat.view(np.dtype(code)).reshape(tuple(int(d) for d in nd.shape()))


def _direct(array):
    """A java.nio direct buffer over a C-contiguous, writable NumPy array's memory (no copy)."""
    return _jvm.java().nio.convertToDirectBuffer(array)


class Model:
    """An ELM neuron model (the reference's constructor config and parameters).

    >>> m = Model.load("models/num_memory_20")
    >>> y = m.predict(x)   # x float32 (B, T, num_input) or (T, num_input)
    """

    def __init__(self, jmodel, directory=None, state_file=None):
        self._j = jmodel
        self.directory = None if directory is None else str(directory)
        self._state_file = state_file

    @classmethod
    def load(cls, directory):
        """The model in `directory` (model_config.json and exactly one .pt state dict), checked as the CLI checks it."""
        _jvm.java()
        with _jvm.errors():
            jmodel = _jvm.jclass("io.elmkit.cli.python.Models").load(os.fspath(directory))
            state = _jvm.jclass("io.elmkit.sim.model.ModelDirectory").stateFile(
                _jvm.jclass("java.nio.file.Paths").get(os.fspath(directory)))
            return cls(jmodel, directory, str(state.getFileName()))

    @classmethod
    def from_torch_state_dict(cls, config, path):
        """A model from a reference config (a dict of constructor arguments, or the path of a model_config.json)
        and a torch.save'd state dict file (`torch.save(model.state_dict(), path)`)."""
        _jvm.java()
        if isinstance(config, dict):
            text, source, config_path = json.dumps(config), "config dict", None
        else:
            text, source, config_path = None, None, os.fspath(config)
        with _jvm.errors():
            jmodel = _jvm.jclass("io.elmkit.cli.python.Models").fromTorchStateDict(text, source, config_path, os.fspath(path))
        return cls(jmodel, None, pathlib.Path(path).name)

    @classmethod
    def from_state_dict(cls, config, state, source="state dict"):
        """A model from a reference config (dict) and a state dict in memory: a mapping of the reference's tensor
        names to torch tensors or NumPy arrays (e.g. `torch_model.state_dict()`), checked as a .pt file is
        (every key, shapes, no NaN); `source` names it in errors. No file is written."""
        _jvm.java()
        if not isinstance(config, dict):
            raise ElmkitValueError(f"config: expected a dict of model_config.json keys, found {type(config).__name__}")
        jmap = _jvm.jclass("java.util.LinkedHashMap")()
        for name, value in state.items():
            jmap.put(str(name), _to_ndarray(name, value))
        with _jvm.errors():
            jconfig = _jvm.jclass("io.elmkit.sim.model.ElmConfig").parse(json.dumps(config), "config dict")
            jmodel = _jvm.jclass("io.elmkit.sim.model.ElmModel").fromStateDict(jconfig, jmap, str(source))
        return cls(jmodel, None, None)

    def state_dict(self):
        """The reference state dict as {name: NumPy array} (what model_state.pt holds), e.g. for
        `torch_model.load_state_dict({k: torch.from_numpy(v) for k, v in model.state_dict().items()})`."""
        with _jvm.errors():
            entries = self._j.toStateDict().entrySet()
            return {str(e.getKey()): _from_ndarray(e.getValue()) for e in entries}

    @classmethod
    def initialise(cls, config, seed=0):
        """A fresh model of a reference config (dict of constructor arguments), initialised as the reference
        constructs one (PyTorch's default Linear init, random routing), random draws from `seed`."""
        _jvm.java()
        if not isinstance(config, dict):
            raise ElmkitValueError(f"config: expected a dict of model_config.json keys, found {type(config).__name__}")
        with _jvm.errors():
            jmodel = _jvm.jclass("io.elmkit.cli.python.Models").initialise(json.dumps(config), "config dict", int(seed))
        return cls(jmodel, None, None)

    num_input = _jvm.java_property("numInput", int)
    num_output = _jvm.java_property("numOutput", int)

    @property
    def java(self):
        """The Java io.elmkit.sim.model.ElmModel (for the engine and other Java APIs)."""
        return self._j

    def info(self):
        """What `elmkit info --model DIR --json` prints, as a dict (model_dir None for a model not loaded from one)."""
        with _jvm.errors():
            text = _jvm.jclass("io.elmkit.cli.PythonAccess").infoJson(self.directory, self._state_file, self._j)
        return json.loads(str(text))

    def predict(self, x, stepper="event", threads=None, neuronio=False):
        """`elmkit predict`: float32 x (B, T, num_input) or (T, num_input) -> float32 (B, T, num_output) or
        (T, num_output), bit for bit the CLI's output. `stepper`: "event" (event-driven) or "dense" (reference
        math); `neuronio`: sigmoid(y0) and 10 * y1 instead of the raw outputs; `threads`: default all cores."""
        if stepper not in ("event", "dense"):
            raise ElmkitValueError(f"stepper: expected dense or event, found {stepper!r}")
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            raise ElmkitValueError(f"input array: dtype {x.dtype}: expected float32 input")
        if x.ndim not in (2, 3):
            raise ElmkitValueError(f"input array: shape {list(x.shape)}: expected (B, T, num_input) or (T, num_input)")
        # One bulk copy at most (none for a C-contiguous writable float32 array); the same float32 rounding
        # as the CLI's reading of a float64 .npy.
        x = np.require(x, dtype=np.float32, requirements=["C", "W"])
        out_shape = x.shape[:-1] + (self.num_output,)
        y = np.empty(out_shape, dtype=np.float32)
        if x.size == 0 or y.size == 0:
            if x.shape[-1] != self.num_input:
                raise ElmkitValueError(f"input array: shape {list(x.shape)}: last axis is {x.shape[-1]} but the model's "
                                       f"num_input is {self.num_input}")
            return y
        if max(x.nbytes, y.nbytes) > 2**31 - 1:
            raise ElmkitValueError(f"input array: shape {list(x.shape)}: more than 2 GiB, the most one Java buffer "
                                   "holds; predict in smaller batches")
        jpype = _jvm.java()
        shape = jpype.JArray(jpype.JInt)(list(x.shape))
        with _jvm.errors():
            _jvm.jclass("io.elmkit.cli.python.Models").predict(
                self._j, stepper, _direct(x), shape, "input array", _direct(y), _threads(threads), bool(neuronio))
        return y

    def save(self, directory):
        """Writes model_config.json and model_state.pt (loadable by the reference with strict=True)."""
        with _jvm.errors():
            _jvm.jclass("io.elmkit.cli.python.Models").save(self._j, os.fspath(directory))

    def __repr__(self):
        where = self.directory or self._state_file
        return f"elmkit.Model({where!r}, num_input={self.num_input}, num_output={self.num_output})"
