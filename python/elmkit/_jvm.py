"""Starts the JVM in this process (once) with elmkit's jar, and turns Java exceptions into Python ones."""
import contextlib
import os
import pathlib
import shlex
import sys
import threading

import jpype

from .errors import (ElmkitError, ElmkitFileNotFoundError, ElmkitFormatError, ElmkitMemoryError,
                     ElmkitNotADirectoryError, ElmkitOSError, ElmkitPermissionError, ElmkitValueError)

# Debian's python3-jpype 1.4.1 starts only with its own support jar on the class path
# (otherwise: ClassNotFoundException: org.jpype.classloader.DynamicClassLoader).
DEBIAN_JPYPE_JAR = pathlib.Path("/usr/share/java/org.jpype.jar")

_lock = threading.Lock()
_java = None


def _checkout_root():
    """The repository this package sits in (python/elmkit/_jvm.py -> repository root), or None once installed."""
    root = pathlib.Path(__file__).resolve().parents[2]
    return root if (root / "etc" / "jvm.options").is_file() else None


def _named_file(variable, expected):
    """The file the environment variable names (an error naming it when missing), or None when it is unset."""
    named = os.environ.get(variable)
    if not named:
        return None
    path = pathlib.Path(named)
    if not path.is_file():
        raise ElmkitFileNotFoundError(f"{variable}: {path}: no such file (expected {expected})")
    return path


def java_property(getter, convert, doc=None):
    """A read-only property that returns `convert` of the wrapped Java object's (self._j) no-argument `getter`."""
    return property(lambda self: convert(getattr(self._j, getter)()), doc=doc)


def find_jar():
    """ELMKIT_JAR, else cli/target/elmkit.jar of the checkout; an error that says how to get one otherwise."""
    jar = _named_file("ELMKIT_JAR", "the CLI jar, cli/target/elmkit.jar")
    if jar is not None:
        return jar
    root = _checkout_root()
    if root is None:
        raise ElmkitFileNotFoundError(
            "elmkit.jar not found: set ELMKIT_JAR to the CLI jar (cli/target/elmkit.jar of an elmkit checkout, "
            "built by ./elmkit or `mvn -B -DskipTests -pl cli -am package`)")
    jar = root / "cli" / "target" / "elmkit.jar"
    if not jar.is_file():
        raise ElmkitFileNotFoundError(
            f"{jar}: no such file: build it first with `./elmkit --help` or "
            f"`mvn -B -DskipTests -pl cli -am package` in {root}, or set ELMKIT_JAR")
    return jar


def _options_file(jar):
    path = _named_file("ELMKIT_JVM_OPTIONS", "a JVM options file like etc/jvm.options")
    if path is not None:
        return path
    # The jar of a checkout is <root>/cli/target/elmkit.jar; its flags are <root>/etc/jvm.options.
    for root in (_checkout_root(), jar.resolve().parents[2] if len(jar.resolve().parents) > 2 else None):
        if root is not None and (root / "etc" / "jvm.options").is_file():
            return root / "etc" / "jvm.options"
    raise ElmkitFileNotFoundError(
        f"etc/jvm.options not found next to {jar}: set ELMKIT_JVM_OPTIONS to the JVM options file of the checkout "
        "(Agrona and Chronicle need its --add-opens/--add-exports flags)")


def java_major(jvm_path):
    """The feature version of the JVM at jvm_path (.../lib/server/libjvm.so), from its release file; None if unknown."""
    for home in pathlib.Path(jvm_path).resolve().parents:
        release = home / "release"
        if release.is_file():
            for line in release.read_text(errors="replace").splitlines():
                if line.startswith("JAVA_VERSION="):
                    version = line.split("=", 1)[1].strip().strip('"')
                    head = version.split(".")[0]
                    return int(head) if head.isdigit() else None
            return None
    return None


def jvm_options(jar, jvm_path=None):
    """The flags of the options file and of jvm-chronicle.options beside it (the facade opens journals; one
    flag per line, # comments), those the launcher adds on JDK 23+, ELMKIT_KERNELS's, then ELMKIT_JAVA_OPTS."""
    path = _options_file(jar)
    chronicle = path.parent / "jvm-chronicle.options"
    flags = []
    for options in [path] + ([chronicle] if chronicle.is_file() and chronicle != path else []):
        for line in options.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                flags.append(line)
    major = java_major(jvm_path) if jvm_path else None
    if major is not None and major >= 23:
        # As ./elmkit: JDK 23+ warns about sun.misc.Unsafe memory access, which Agrona and Chronicle still use.
        flags += ["--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"]
    flags += kernel_flags(os.environ.get("ELMKIT_KERNELS", "plain"))
    flags += shlex.split(os.environ.get("ELMKIT_JAVA_OPTS", ""))
    return flags


def kernel_flags(kernels):
    """As ./elmkit: ELMKIT_KERNELS=vector runs the batched kernel's multiply-adds on the JDK Vector API (the same
    output bits; the JVM's incubator warning is dropped, see incubator_warning_dropped), plain (the default) adds nothing."""
    kernels = kernels.strip()
    if kernels in ("", "plain"):
        return []
    if kernels == "vector":
        # One string per option: the JNI invocation API takes "--add-modules=M", not two arguments.
        return ["--add-modules=jdk.incubator.vector", "-Delmkit.kernels=vector"]
    raise ValueError(f"ELMKIT_KERNELS={kernels}: expected plain (default) or vector")


# What the JVM prints on fd 2 while it boots with an incubator module (the launcher drops it the same way).
INCUBATOR_WARNING = b"WARNING: Using incubator modules: jdk.incubator.vector"


@contextlib.contextmanager
def incubator_warning_dropped(options):
    """While the JVM boots with `options`: when they add the incubator module (ELMKIT_KERNELS=vector, which the
    user asked for), fd 2 goes through a pipe that passes on every line but the JVM's incubator warning, as
    ./elmkit's drop_incubator_warning. A thread drains the pipe as it fills, so a chatty boot never blocks."""
    if not any("jdk.incubator.vector" in option for option in options):
        yield
        return
    sys.stderr.flush()
    stderr = os.dup(2)
    read_end, write_end = os.pipe()
    # The forwarder owns read_end and its own copy of the real stderr (it may outlive the join below).
    forwarder = threading.Thread(target=_pass_on_but_the_warning, args=(read_end, os.dup(2)), daemon=True)
    forwarder.start()
    try:
        os.dup2(write_end, 2)
        yield
    finally:
        os.dup2(stderr, 2)  # the JVM's System.err writes to fd 2: from now on the real stderr again
        os.close(write_end)  # the pipe's last writer: the forwarder sees its end
        forwarder.join(timeout=10)
        os.close(stderr)


def _pass_on_but_the_warning(read_end, stderr):
    with os.fdopen(read_end, "rb") as lines, os.fdopen(stderr, "wb") as out:
        for line in lines:
            if line.rstrip(b"\r\n") != INCUBATOR_WARNING:
                out.write(line)
                out.flush()


def java():
    """Starts the JVM on first use (thread-safe) and returns the jpype module with elmkit's classes reachable."""
    global _java
    if _java is not None:
        return _java
    with _lock:
        if _java is None:
            if not jpype.isJVMStarted():
                jar = find_jar()
                classpath = [str(jar)]
                if DEBIAN_JPYPE_JAR.is_file():
                    classpath.insert(0, str(DEBIAN_JPYPE_JAR))
                jvm_path = jpype.getDefaultJVMPath()
                options = jvm_options(jar, jvm_path)
                with incubator_warning_dropped(options):
                    jpype.startJVM(jvm_path, *options, classpath=classpath, convertStrings=False)
            try:
                jpype.JClass("io.elmkit.cli.PythonAccess")
            except TypeError as e:  # JPype: "Class ... is not found"
                raise ElmkitError(
                    "the JVM in this process was started without elmkit.jar (JPype starts one JVM per process): "
                    "import elmkit before starting it, or add the jar to its class path") from e
            _java = jpype
    return _java


def jclass(name):
    return java().JClass(name)


def _mapped(e):
    """The Python exception class for a Java exception (the most specific match wins)."""
    JClass = jpype.JClass
    table = [
        ("java.nio.file.NoSuchFileException", ElmkitFileNotFoundError),
        ("java.io.FileNotFoundException", ElmkitFileNotFoundError),
        ("java.nio.file.AccessDeniedException", ElmkitPermissionError),
        ("java.nio.file.NotDirectoryException", ElmkitNotADirectoryError),
        ("io.elmkit.io.check.InputFormatException", ElmkitFormatError),
        ("io.elmkit.io.check.UncheckedInputFormatException", ElmkitFormatError),  # ModelFormatException, ShdInputException
        ("java.lang.IllegalArgumentException", ElmkitValueError),
        ("java.lang.IndexOutOfBoundsException", ElmkitValueError),
        ("java.io.IOException", ElmkitOSError),
        ("java.io.UncheckedIOException", ElmkitOSError),
        ("java.lang.OutOfMemoryError", ElmkitMemoryError),
    ]
    for name, cls in table:
        if isinstance(e, JClass(name)):
            return cls
    return ElmkitError


def _source_of(e):
    """The file a Java exception names, where it says (InputFormatException.source(), FileSystemException.getFile())."""
    JClass = jpype.JClass
    t = e
    while t is not None:
        if isinstance(t, JClass("io.elmkit.io.check.InputFormatException")):
            return str(t.source())
        if isinstance(t, JClass("java.nio.file.FileSystemException")) and t.getFile() is not None:
            return str(t.getFile())
        cause = t.getCause()
        t = None if cause is None or cause.equals(t) else cause
    return None


def translate(e):
    """An ElmkitError (of the matching Python type) with the message the CLI prints after `<command>: error: `."""
    message = str(jclass("io.elmkit.cli.PythonAccess").describeError(e))
    cls = _mapped(e)
    if cls is ElmkitMemoryError:
        message += " (the JVM's heap is full: set ELMKIT_JAVA_OPTS=-Xmx<size>, e.g. -Xmx16g, before elmkit starts it)"
    err = cls(message)
    err.java_exception = e
    err.path = _source_of(e)
    return err


@contextlib.contextmanager
def errors():
    """Runs a block of Java calls; a Java exception leaves it as an ElmkitError with the CLI's one-line message."""
    try:
        yield
    except jpype.JException as e:
        err = translate(e)
        if os.environ.get("ELMKIT_DEBUG") == "1":
            raise err from e
        raise err from None
