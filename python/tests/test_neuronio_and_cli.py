import json
import os
import subprocess
import sys

import numpy as np
import pytest

import elmkit
from conftest import REPO, reference, run_cli


def test_eval_neuronio_equals_the_cli_json(tmp_path):
    model_dir = reference("models/num_memory_5")
    traces = reference("neuron/l5pc_seed101.p")
    run_cli("eval-neuronio", "--model", model_dir, "--traces", traces, "--json", tmp_path / "m.json")
    expected = json.loads((tmp_path / "m.json").read_text())
    metrics, per_sim = elmkit.eval_neuronio(model_dir, traces, progress=False, with_traces=True)
    assert list(metrics) == list(expected)
    for key, value in expected.items():
        assert metrics[key] == value or (np.isnan(metrics[key]) and value is None), key
    assert per_sim and per_sim[0].soma_predicted_mv.shape == per_sim[0].soma_target_mv.shape
    assert per_sim[0].spikes.dtype == bool and per_sim[0].file == "l5pc_seed101.p"


def test_eval_neuronio_progress_goes_to_python_stderr(capsys):
    model_dir = reference("models/num_memory_1")
    metrics = elmkit.eval_neuronio(model_dir, [reference("neuron/l5pc_seed102.p")], threads=2)
    assert "AUC" in metrics
    assert "simulations 8" in capsys.readouterr().err


def test_eval_neuronio_on_a_missing_file_names_it(tmp_path):
    model_dir = reference("models/num_memory_5")
    with pytest.raises(FileNotFoundError) as caught:
        elmkit.eval_neuronio(model_dir, tmp_path / "missing.p", progress=False)
    assert str(tmp_path / "missing.p") in str(caught.value)


def test_cli_in_process_returns_stdout_and_raises_failures(tmp_path, capsys):
    from test_model import fresh_model
    fresh_model(tmp_path)
    text = elmkit.cli("info", "--model", tmp_path / "model", "--json")
    assert json.loads(text)["config"]["num_memory"] == 7
    with pytest.raises(FileNotFoundError, match="no-model: model directory not found"):
        elmkit.cli("info", "--model", tmp_path / "no-model")
    with pytest.raises(ValueError, match="exit code 2: Unknown option: '--bogus'"):
        elmkit.cli("info", "--model", tmp_path / "model", "--bogus", progress=False)


def test_fit_neuronio_in_process_writes_a_loadable_best_model(tmp_path, capsys):
    traces = reference("neuron/l5pc_seed101.p")
    result = elmkit.fit_neuronio(traces, tmp_path / "fit", memory=3, epochs=1, batches_per_epoch=2, batch=2,
                                 window=60, threads=1)
    assert result["curve"] and result["curve"][0]["epoch"] == 1
    assert isinstance(result["best_model"], elmkit.Model) and result["best_model"].num_output == 2
    assert "epoch 1" in capsys.readouterr().err  # progress went to Python's stderr


def test_a_missing_jar_is_an_error_saying_how_to_build_it(tmp_path):
    env = dict(os.environ, ELMKIT_JAR=str(tmp_path / "elmkit.jar"), PYTHONPATH=str(REPO / "python"))
    code = "import elmkit\ntry:\n    elmkit.Model.load('x')\nexcept FileNotFoundError as e:\n    print(e)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"ELMKIT_JAR: {tmp_path / 'elmkit.jar'}: no such file (expected the CLI jar, cli/target/elmkit.jar)"


def test_the_vector_kernels_give_the_plain_kernels_bits_in_process(tmp_path):
    # A JVM per process: the facade with ELMKIT_KERNELS=vector runs in a child Python, the CLI with plain kernels here.
    config = {"num_input": 40, "num_memory": 12, "num_output": 3, "mlp_num_layers": 2}
    elmkit.Model.initialise(config, seed=5).save(tmp_path / "model")
    rng = np.random.default_rng(4)
    x = ((rng.random((37, 50, 40)) < 0.1) * rng.random((37, 50, 40)) * 2).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    run_cli("predict", "--model", tmp_path / "model", "--input", tmp_path / "x.npy", "--output", tmp_path / "plain.npy")
    env = dict(os.environ, ELMKIT_KERNELS="vector", PYTHONPATH=str(REPO / "python"))
    code = (f"import numpy as np, elmkit\n"
            f"m = elmkit.Model.load({str(tmp_path / 'model')!r})\n"
            f"np.save({str(tmp_path / 'vector.npy')!r}, m.predict(np.load({str(tmp_path / 'x.npy')!r}), threads=2))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "elmkit: vector kernels" in done.stderr
    assert "WARNING: Using incubator modules" not in done.stderr, done.stderr
    plain, vector = np.load(tmp_path / "plain.npy"), np.load(tmp_path / "vector.npy")
    assert vector.shape == (37, 50, 3) and np.array_equal(vector.view(np.int32), plain.view(np.int32))


def test_the_boot_filter_passes_on_every_stderr_line_but_the_incubator_warning():
    # What the JVM would write to fd 2 while booting, around the warning, the last line without a newline.
    code = ("import os\nfrom elmkit import _jvm\n"
            "with _jvm.incubator_warning_dropped(['--add-modules=jdk.incubator.vector']):\n"
            "    os.write(2, b'first\\n' + _jvm.INCUBATOR_WARNING + b'\\nWARNING: other\\nlast')\n"
            "os.write(2, b'|after')\n")
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"first\nWARNING: other\nlast|after"


def test_an_unknown_kernels_value_is_a_one_line_error():
    env = dict(os.environ, ELMKIT_KERNELS="avx", PYTHONPATH=str(REPO / "python"))
    code = "import elmkit\ntry:\n    elmkit.Model.load('x')\nexcept ValueError as e:\n    print(e)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ELMKIT_KERNELS=avx: expected plain (default) or vector"


def test_a_jvm_started_elsewhere_without_the_jar_is_a_clear_error():
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    code = ("import pathlib, jpype\n"
            "cp = [p for p in ['/usr/share/java/org.jpype.jar'] if pathlib.Path(p).is_file()]\n"
            "jpype.startJVM(classpath=cp)\n"
            "import elmkit\n"
            "try:\n    elmkit.Model.load('x')\nexcept elmkit.ElmkitError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "started without elmkit.jar" in done.stdout


def test_train_in_process_returns_the_learning_curve_and_best_model(tmp_path, capsys):
    train = reference("shd/shd_train.h5")
    result = elmkit.train("shd-adding", train, reference("shd/shd_test.h5"), tmp_path / "run", epochs=1,
                          batches_per_epoch=2, validation_batches=1, test_batches=1, batch_size=2, bin_ms=50, memory=4,
                          threads=1)
    assert [row["epoch"] for row in result["curve"]] == [1]
    assert 0 <= result["curve"][0]["validation_accuracy"] <= 1
    assert result["best_model"].num_output == 19 and "test accuracy" in result["summary"]
    assert "epoch 1" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError) as caught:  # the command's own error, as the CLI says it
        elmkit.train("shd-adding", tmp_path / "missing.h5", train, tmp_path / "other", progress=False)
    assert str(tmp_path / "missing.h5") in str(caught.value) and "\n" not in str(caught.value)
