"""Shared fixtures: the repository, ../shared (tests that need it skip with the reason when it is absent),
and the CLI run as a subprocess, to compare the in-process package with what `elmkit` prints and writes."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))  # the checkout's package, whether or not it is pip-installed
SHARED = REPO.parent / "shared"
JAR = pathlib.Path(os.environ.get("ELMKIT_JAR", REPO / "cli" / "target" / "elmkit.jar"))

if not JAR.is_file():
    raise RuntimeError(f"{JAR}: no such file: build the CLI jar first (mvn -B -DskipTests -pl cli -am package)")


def shared(relative):
    """A path under ../shared, or a skip naming what is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} not present (reference data in ../shared)")
    return path


def run_cli(*args, check=True):
    """`elmkit ARGS...` in a separate JVM, with the flags of etc/jvm.options and etc/jvm-chronicle.options (journals);
    returns the CompletedProcess."""
    cmd = ["java", "@" + str(REPO / "etc" / "jvm.options"), "@" + str(REPO / "etc" / "jvm-chronicle.options"), "-jar",
           str(JAR), *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr}")
    return done


def cli_error_message(*args):
    """The message the CLI prints after `<command>: error: ` for a failing command."""
    done = run_cli(*args, check=False)
    assert done.returncode == 1, done.stderr
    line = done.stderr.splitlines()[0]
    prefix = f"{args[0]}: error: "
    assert line.startswith(prefix), line
    return line[len(prefix):]


def cli_json(*args):
    return json.loads(run_cli(*args).stdout)
