"""Shared fixtures: the repository, its reference data (etc/test-data, always present, then ../shared: tests
that need what only ../shared holds skip with the reason when it is absent, or fail when ELMKIT_REQUIRE_SHARED=1,
which .ci/run sets when ../shared exists), and the CLI run as a subprocess, to compare the in-process package
with what `elmkit` prints and writes."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))  # the checkout's package, whether or not it is pip-installed
TEST_DATA = REPO / "etc" / "test-data"
SHARED = pathlib.Path(os.environ.get("ELMKIT_SHARED", REPO.parent / "shared"))
REQUIRE_SHARED = os.environ.get("ELMKIT_REQUIRE_SHARED") == "1"
JAR = pathlib.Path(os.environ.get("ELMKIT_JAR", REPO / "cli" / "target" / "elmkit.jar"))

if not JAR.is_file():
    raise RuntimeError(f"{JAR}: no such file: build the CLI jar first (mvn -B -DskipTests -pl cli -am package)")


def reference(relative):
    """etc/test-data/RELATIVE when it is there, else ../shared/RELATIVE, else a skip (a failure under
    ELMKIT_REQUIRE_SHARED=1) naming what is missing. The same lookup as the Java tests' ReferenceData."""
    copied = TEST_DATA / relative
    if copied.exists():
        return copied
    path = SHARED / relative
    if not path.exists():
        if REQUIRE_SHARED:
            pytest.fail(f"{path} not present, but ELMKIT_REQUIRE_SHARED=1: this test may not skip")
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
