"""Any `elmkit` command, in this process (no subprocess): `cli`, and on top of it `fit_neuronio` and `train`,
whose progress lines appear where Python's stderr goes (the terminal, or the notebook's output)."""
import csv
import os
import re
import pathlib
import sys

from . import _jvm
from .errors import ElmkitValueError
from .model import Model


def _printer(stream):
    """A Java InProcessCli.Lines that writes to a Python stream, redrawing progress lines in place."""
    state = {"redraw": False}

    def on_line(line, redraw):
        text = str(line)
        if redraw:
            stream.write("\r" + text)
        else:
            stream.write(("\r" if state["redraw"] else "") + text + "\n")
        state["redraw"] = bool(redraw)
        stream.flush()

    return on_line


def cli(*args, progress=True):
    """Runs `elmkit ARGS...` in this process and returns what it printed on stdout. Its stderr (progress,
    reports) goes to sys.stderr when `progress`; a failure raises an ElmkitError with the CLI's message.

    >>> print(elmkit.cli("info", "--model", "models/num_memory_20"))
    """
    jpype = _jvm.java()
    J = _jvm.jclass
    printer = _printer(sys.stderr) if progress else None
    first_lines = []  # kept for the message of a usage error

    def on_line(line, redraw):
        if len(first_lines) < 5 and not redraw:
            first_lines.append(str(line))
        if printer is not None:
            printer(line, redraw)

    listener = jpype.JProxy(J("io.elmkit.cli.python.InProcessCli$Lines"), dict={"onLine": on_line})
    with _jvm.errors():
        result = J("io.elmkit.cli.python.InProcessCli").run(jpype.JArray(jpype.JString)([os.fspath(a) for a in args]),
                                                             listener)
    failure = result.failure()
    if failure is not None:
        err = _jvm.translate(failure)
        raise err from None
    code = int(result.exitCode())
    if code != 0:
        # Bad arguments: picocli printed the message (and usage) on stderr.
        detail = next((e for e in first_lines if e.strip()), "no message")
        # The CLI's own prefix ("info: error: ") is already said by ours.
        detail = re.sub(r"^[\w -]+: error: ", "", detail)
        raise ElmkitValueError(f"elmkit {' '.join(map(str, args[:1]))}: exit code {code}: {detail}")
    return str(result.stdout())


def _flags(options):
    """Keyword arguments as CLI options: batch_size=8 -> --batch-size 8, flag=True -> --flag, None/False omitted,
    a list -> the option with several values."""
    args = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            args.append(flag)
            args.extend(os.fspath(v) if isinstance(v, os.PathLike) else str(v) for v in value)
        else:
            args.extend([flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)])
    return args


def _read_curve(path):
    if not path.is_file():
        return []
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        parsed = {}
        for k, v in row.items():
            try:
                parsed[k] = int(v)
            except (TypeError, ValueError):
                try:
                    parsed[k] = float(v)
                except (TypeError, ValueError):
                    parsed[k] = v
        out.append(parsed)
    return out


def _run_result(out, stdout, curve_file):
    out = pathlib.Path(out)
    best = out / "best"
    return {
        "out": str(out),
        "summary": stdout.strip(),
        "curve": _read_curve(out / curve_file),
        "best_model": Model.load(best) if (best / "model_config.json").is_file() else None,
    }


def fit_neuronio(traces, out, progress=True, **options):
    """`elmkit fit-neuronio --traces TRACES... --out OUT [options]` in process: fits an ELM surrogate to NeuronIO
    simulations. Options as keywords: valid=[files], memory=20, init=dir, epochs=20, batches_per_epoch=500,
    batch=8, lr=5e-4, window=500, seed=0, threads=N, resume=True, force=True, stop_after_epoch=N (see
    `elmkit fit-neuronio --help` for defaults). Returns {"out", "summary" (the CLI's last line), "curve" (rows of
    curve.csv), "best_model" (elmkit.Model of OUT/best)}."""
    if isinstance(traces, (str, os.PathLike)):
        traces = [traces]
    stdout = cli("fit-neuronio", "--traces", *traces, "--out", out, *_flags(options), progress=progress)
    return _run_result(out, stdout, "curve.csv")


def train(task, train, test, out, progress=True, **options):
    """`elmkit train TASK --train TRAIN --test TEST --out OUT [options]` in process, TASK "shd-adding" or "shd".
    Options as keywords (epochs=10, batches_per_epoch=2000, batch_size=8, bin_ms=10, memory=100, lr=5e-3, ...:
    see `elmkit train TASK --help`). Returns {"out", "summary" (the CLI's last line), "curve" (rows of
    learning_curve.csv), "best_model" (elmkit.Model of OUT/best)}."""
    stdout = cli("train", task, "--train", train, "--test", test, "--out", out, *_flags(options), progress=progress)
    return _run_result(out, stdout, "learning_curve.csv")
