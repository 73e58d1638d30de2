"""elmkit in process: ELM models, the event-driven engine, SHD-Adding and NeuronIO evaluation with
NumPy arrays in and out. The JVM starts on first use (see elmkit._jvm for how the jar is found)."""
from .errors import (ElmkitError, ElmkitFileNotFoundError, ElmkitFormatError, ElmkitNotADirectoryError,
                     ElmkitOSError, ElmkitPermissionError, ElmkitValueError)
from .model import Model

__all__ = ["Model", "ElmkitError", "ElmkitValueError", "ElmkitFormatError", "ElmkitOSError",
           "ElmkitFileNotFoundError", "ElmkitPermissionError", "ElmkitNotADirectoryError"]
from .engine import Engine  # noqa: E402

__all__ += ["Engine"]
from .shd import ShdAddingBatch, SparseInput, shd_adding, write_shd  # noqa: E402

__all__ += ["shd_adding", "write_shd", "ShdAddingBatch", "SparseInput"]


def __getattr__(name):
    # elmkit.ShdAddingDataset: a torch IterableDataset, made on first use so that `import elmkit` never imports torch.
    if name == "ShdAddingDataset":
        from .shd import dataset_class
        return dataset_class()
    raise AttributeError(f"module 'elmkit' has no attribute {name!r}")
from .neuronio import NeuronioTrace, eval_neuronio  # noqa: E402

__all__ += ["eval_neuronio", "NeuronioTrace"]
from .cli import cli, fit_neuronio, train  # noqa: E402

__all__ += ["cli", "fit_neuronio", "train"]
