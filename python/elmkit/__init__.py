"""elmkit in process: ELM models, the event-driven engine, SHD-Adding and NeuronIO evaluation with
NumPy arrays in and out. The JVM starts on first use (see elmkit._jvm for how the jar is found)."""
from .cli import cli, fit_neuronio, train
from .engine import Engine
from .errors import (ElmkitError, ElmkitFileNotFoundError, ElmkitFormatError, ElmkitMemoryError,
                     ElmkitNotADirectoryError, ElmkitOSError, ElmkitPermissionError, ElmkitValueError)
from .model import Model
from .neuronio import NeuronioTrace, eval_neuronio
from .shd import ShdAddingBatch, SparseInput, shd_adding, write_shd

__version__ = "0.1.0"

__all__ = ["Model", "Engine", "shd_adding", "write_shd", "ShdAddingBatch", "SparseInput",
           "eval_neuronio", "NeuronioTrace", "fit_neuronio", "train", "cli",
           "ElmkitError", "ElmkitValueError", "ElmkitFormatError", "ElmkitOSError", "ElmkitFileNotFoundError",
           "ElmkitPermissionError", "ElmkitNotADirectoryError", "ElmkitMemoryError"]


# Not in __all__: ShdAddingDataset (needs torch; `from elmkit import *` must not import it).
def __getattr__(name):
    # elmkit.ShdAddingDataset: a torch IterableDataset, made on first use so that `import elmkit` never imports torch.
    if name == "ShdAddingDataset":
        from .shd import dataset_class
        return dataset_class()
    raise AttributeError(f"module 'elmkit' has no attribute {name!r}")
