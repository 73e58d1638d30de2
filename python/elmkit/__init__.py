"""elmkit in process: ELM models, the event-driven engine, SHD-Adding and NeuronIO evaluation with
NumPy arrays in and out. The JVM starts on first use (see elmkit._jvm for how the jar is found)."""
from .errors import (ElmkitError, ElmkitFileNotFoundError, ElmkitFormatError, ElmkitNotADirectoryError,
                     ElmkitOSError, ElmkitPermissionError, ElmkitValueError)
from .model import Model

__all__ = ["Model", "ElmkitError", "ElmkitValueError", "ElmkitFormatError", "ElmkitOSError",
           "ElmkitFileNotFoundError", "ElmkitPermissionError", "ElmkitNotADirectoryError"]
from .engine import Engine  # noqa: E402

__all__ += ["Engine"]
