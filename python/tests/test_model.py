import json

import numpy as np
import pytest

import elmkit
from conftest import cli_error_message, cli_json, reference, run_cli

GOLDEN_CASES = ["num_memory_10", "synthetic-plain", "synthetic-silu2", "synthetic-random-routing",
                "synthetic-branch", "v2-branch"]


@pytest.mark.parametrize("case", GOLDEN_CASES)
@pytest.mark.parametrize("stepper", ["event", "dense"])
def test_predict_equals_the_reference_golden_outputs(case, stepper):
    d = reference(f"golden/elm/{case}")
    model = elmkit.Model.load(d)
    y = model.predict(np.load(d / "input.npy"), stepper=stepper)
    expected = np.load(d / "output.npy")
    assert y.dtype == np.float32 and y.shape == expected.shape
    # The same tolerance as the Java GoldenOutputTest (PyTorch's float32 order of operations differs).
    assert np.max(np.abs(y - expected)) <= 1e-4


def fresh_model(tmp_path, seed=3):
    config = {"num_input": 24, "num_memory": 7, "num_output": 3, "mlp_num_layers": 2, "num_branch": 4,
              "num_synapse_per_branch": 6}
    model = elmkit.Model.initialise(config, seed=seed)
    model.save(tmp_path / "model")
    return elmkit.Model.load(tmp_path / "model")


def spiky_input(shape, seed=0):
    rng = np.random.default_rng(seed)
    return ((rng.random(shape) < 0.1) * rng.random(shape) * 2).astype(np.float32)


@pytest.mark.parametrize("stepper", ["event", "dense"])
def test_predict_equals_the_cli_bit_for_bit_on_a_model_made_here(tmp_path, stepper):
    model = fresh_model(tmp_path)
    x = spiky_input((37, 60, 24))  # three chunks of neurons, the last one partial
    np.save(tmp_path / "x.npy", x)
    run_cli("predict", "--model", tmp_path / "model", "--input", tmp_path / "x.npy", "--output", tmp_path / "y.npy",
            "--stepper", stepper)
    cli = np.load(tmp_path / "y.npy")
    y = model.predict(x, stepper=stepper)
    assert y.shape == (37, 60, 3)
    assert np.array_equal(y.view(np.int32), cli.view(np.int32))
    for threads in (1, 3):
        assert np.array_equal(model.predict(x, stepper=stepper, threads=threads), cli)
    # (T, d_in) gives (T, d_o), the first sample; float64 input is rounded to float32 as the CLI reads it.
    assert np.array_equal(model.predict(x[2]), cli[2])
    assert np.array_equal(model.predict(x.astype(np.float64)), cli)
    # A non-contiguous view is accepted (copied once).
    assert np.array_equal(model.predict(np.asfortranarray(x)), cli)


def test_predict_neuronio_equals_the_cli(tmp_path):
    d = reference("golden/elm/num_memory_10")
    x = np.load(d / "input.npy")[:, :120]
    np.save(tmp_path / "x.npy", x)
    run_cli("predict", "--model", d, "--input", tmp_path / "x.npy", "--output", tmp_path / "y.npy", "--neuronio")
    assert np.array_equal(elmkit.Model.load(d).predict(x, neuronio=True), np.load(tmp_path / "y.npy"))


def test_info_equals_the_cli_json(tmp_path):
    model = fresh_model(tmp_path)
    assert model.info() == cli_json("info", "--model", tmp_path / "model", "--json")
    assert model.info()["model_dir"] == str(tmp_path / "model")


def test_save_load_and_from_torch_state_dict_give_the_same_model(tmp_path):
    model = fresh_model(tmp_path)
    x = spiky_input((2, 50, 24), seed=1)
    config = json.loads((tmp_path / "model" / "model_config.json").read_text())
    from_dict = elmkit.Model.from_torch_state_dict(config, tmp_path / "model" / "model_state.pt")
    from_file = elmkit.Model.from_torch_state_dict(tmp_path / "model" / "model_config.json",
                                                   tmp_path / "model" / "model_state.pt")
    from_dict.save(tmp_path / "again")
    again = elmkit.Model.load(tmp_path / "again")
    y = model.predict(x)
    for other in (from_dict, from_file, again):
        assert np.array_equal(other.predict(x), y)
    assert from_dict.info()["model_dir"] is None and from_dict.info()["state_dict"] == "model_state.pt"


def test_missing_model_directory_is_a_file_not_found_error_with_the_cli_message(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(FileNotFoundError) as caught:
        elmkit.Model.load(missing)
    assert isinstance(caught.value, elmkit.ElmkitError)
    assert str(caught.value) == cli_error_message("info", "--model", missing)
    assert str(missing) in str(caught.value) and caught.value.path == str(missing)


def test_bad_model_config_is_a_value_error_naming_the_file_and_field(tmp_path):
    fresh_model(tmp_path)
    config = tmp_path / "model" / "model_config.json"
    data = json.loads(config.read_text())
    data["num_memory"] = -4
    config.write_text(json.dumps(data))
    with pytest.raises(elmkit.ElmkitFormatError) as caught:
        elmkit.Model.load(tmp_path / "model")
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "\n" not in message and str(config) in message and "num_memory" in message
    assert message == cli_error_message("info", "--model", tmp_path / "model")


def test_truncated_state_dict_is_an_error_naming_the_file(tmp_path):
    fresh_model(tmp_path)
    state = tmp_path / "model" / "model_state.pt"
    state.write_bytes(state.read_bytes()[:300])
    with pytest.raises(elmkit.ElmkitError) as caught:
        elmkit.Model.load(tmp_path / "model")
    assert str(state) in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value) == cli_error_message("info", "--model", tmp_path / "model")


def test_bad_inputs_to_predict_are_value_errors(tmp_path):
    model = fresh_model(tmp_path)
    with pytest.raises(ValueError, match=r"input array: shape \[4, 10, 5\]: last axis is 5 but the model's num_input is 24"):
        model.predict(np.zeros((4, 10, 5), np.float32))
    with pytest.raises(ValueError, match="dtype int64: expected float32"):
        model.predict(np.zeros((10, 24), np.int64))
    with pytest.raises(ValueError, match="expected \\(B, T, num_input\\) or \\(T, num_input\\)"):
        model.predict(np.zeros((1, 1, 10, 24), np.float32))
    with pytest.raises(ValueError, match="stepper: expected dense or event"):
        model.predict(np.zeros((10, 24), np.float32), stepper="fast")
    assert model.predict(np.zeros((0, 24), np.float32)).shape == (0, 3)


def test_state_dict_round_trip_in_memory(tmp_path):
    model = fresh_model(tmp_path)
    config = json.loads((tmp_path / "model" / "model_config.json").read_text())
    state = model.state_dict()
    assert state["w_y.weight"].dtype == np.float32 and state["w_y.weight"].shape == (3, 7)
    again = elmkit.Model.from_state_dict(config, state)
    x = spiky_input((2, 40, 24), seed=3)
    assert np.array_equal(again.predict(x), model.predict(x))
    del state["w_y.bias"]
    with pytest.raises(elmkit.ElmkitFormatError, match="my weights: w_y.bias"):
        elmkit.Model.from_state_dict(config, state, source="my weights")


def test_from_state_dict_takes_torch_tensors():
    torch = pytest.importorskip("torch", reason="PyTorch not installed")
    d = reference("golden/elm/v2-branch")
    config = json.loads((d / "model_config.json").read_text())
    tensors = torch.load(d / "model_state.pt", map_location="cpu")
    model = elmkit.Model.from_state_dict(config, tensors, source="torch state dict")
    loaded = elmkit.Model.load(d)
    x = np.load(d / "input.npy")
    assert np.array_equal(model.predict(x), loaded.predict(x))
    ours = loaded.state_dict()
    assert list(ours) == list(tensors)
    for name, tensor in tensors.items():
        assert ours[name].dtype == tensor.numpy().dtype and np.array_equal(ours[name], tensor.numpy()), name
