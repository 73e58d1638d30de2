"""Python exceptions for elmkit's errors. The message is the one line the CLI prints after
`<command>: error: ` (file, field, expected and found). Each class is also the natural Python type,
so `except FileNotFoundError` or `except ValueError` works; `path` is the file the error names
(None when it names none) and `java_exception` the Java exception (its stack trace: set
ELMKIT_DEBUG=1 to chain it)."""


class ElmkitError(Exception):
    """Base of every elmkit error."""
    path = None
    java_exception = None


class ElmkitValueError(ElmkitError, ValueError):
    """A bad argument or array (shape, dtype, range)."""


class ElmkitFormatError(ElmkitValueError):
    """A file whose content cannot be used (elmkit's InputFormatException, or its unchecked carrier: ModelFormatException, ShdInputException)."""


class ElmkitOSError(ElmkitError, OSError):
    """An I/O error."""


class ElmkitFileNotFoundError(ElmkitOSError, FileNotFoundError):
    """A file or directory that does not exist."""


class ElmkitPermissionError(ElmkitOSError, PermissionError):
    """A file that may not be read or written."""


class ElmkitNotADirectoryError(ElmkitOSError, NotADirectoryError):
    """A path that should be a directory (a model directory) and is not."""


class ElmkitMemoryError(ElmkitError, MemoryError):
    """The JVM ran out of memory (its heap is sized when elmkit first starts it: ELMKIT_JAVA_OPTS=-Xmx16g)."""
