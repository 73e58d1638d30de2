import numpy as np
import pytest

import elmkit
from conftest import run_cli
from test_model import fresh_model, spiky_input


def collect(engine, ids):
    steps, outputs, spikes = [], [], []

    @engine.on_step
    def on_step(step, out, spiked):
        steps.append(step)
        outputs.append(out[ids])
        spikes.append(spiked)

    return steps, outputs, spikes


def test_a_callback_receives_every_step_equal_to_predict(tmp_path):
    model = fresh_model(tmp_path)
    x = spiky_input((4, 90, 24))
    with elmkit.Engine() as engine:
        source = engine.add_dense(x)
        ids = engine.add_neurons(model, source, streams=range(4))
        steps, outputs, _ = collect(engine, ids)
        assert engine.run() == 90
        assert engine.finished and engine.steps == 90
    assert steps == list(range(90))
    got = np.stack(outputs, axis=1)  # (B, T, d_o)
    assert np.array_equal(got.view(np.int32), model.predict(x).view(np.int32))


def test_step_by_step_with_several_threads_and_copies_equals_predict(tmp_path):
    model = fresh_model(tmp_path)
    x = spiky_input((3, 40, 24), seed=5)
    with elmkit.Engine(threads=2) as engine:
        source = engine.add_dense(x)
        ids = engine.add_neurons(model, source, streams=range(3), copies=2)
        n = 0
        rows = []
        while engine.step():
            rows.append(engine.outputs())
            n += 1
        assert n == 40 and not engine.step()
    out = np.stack(rows, axis=1)  # (neurons, T, d_o), stream-major: stream s has ids 2s, 2s + 1
    y = model.predict(x)
    assert np.array_equal(out[0::2], y) and np.array_equal(out[1::2], y)


def test_events_from_arrays_in_any_order_and_from_an_events_file(tmp_path):
    model = fresh_model(tmp_path)
    x = spiky_input((2, 30, 24), seed=7)
    b, t, c = np.nonzero(x)
    order = np.random.default_rng(0).permutation(b.size)
    np.save(tmp_path / "x.npy", x)
    run_cli("convert", tmp_path / "x.npy", tmp_path / "events.npz")
    results = []
    for feed in ("arrays", "file"):
        with elmkit.Engine() as engine:
            if feed == "arrays":
                source = engine.add_events(b[order], t[order], c[order], x[b, t, c][order], num_channels=24,
                                           num_streams=2, num_steps=30)
            else:
                source = engine.add_file(tmp_path / "events.npz")
            ids = engine.add_neurons(model, source, streams=range(engine.input_streams(source)))
            _, outputs, _ = collect(engine, ids)
            engine.run()
        results.append(np.stack(outputs, axis=1))
    assert np.array_equal(results[0], model.predict(x))
    assert np.array_equal(results[1], model.predict(x))


def test_spikes_follow_the_threshold_rule_on_the_outputs(tmp_path):
    model = fresh_model(tmp_path)
    x = spiky_input((1, 200, 24), seed=2)
    y = model.predict(x)[0, :, 0]
    p = 1 / (1 + np.exp(-y.astype(np.float64)))
    threshold = float(np.quantile(p, 0.7))
    expected, silent = [], 0
    for step, value in enumerate(p):
        if silent > 0:
            silent -= 1
        elif value >= threshold:
            expected.append(step)
            silent = 2
    with elmkit.Engine() as engine:
        source = engine.add_dense(x)
        ids = engine.add_neurons(model, source, spike_threshold=threshold, refractory_steps=2)
        steps, _, spikes = collect(engine, ids)
        engine.run()
        assert engine.spikes_emitted == len(expected)
    assert [s for s, ids_ in zip(steps, spikes) if ids_.size] == expected
    assert all(list(ids_) in ([], [int(ids[0])]) for ids_ in spikes)
    assert len(expected) > 5


def test_run_without_callbacks_and_max_steps(tmp_path):
    model = fresh_model(tmp_path)
    with elmkit.Engine() as engine:
        source = engine.add_dense(spiky_input((2, 25, 24)))
        engine.add_neurons(model, source, streams=[0, 1])
        assert engine.run(max_steps=10) == 10
        assert engine.run() == 15 and engine.neuron_steps == 50
    with elmkit.Engine() as engine:
        engine.add_neurons(model)  # fed only by connections: no input, so no natural end
        with pytest.raises(ValueError, match="pass max_steps"):
            engine.run()
        assert engine.run(max_steps=5) == 5


def test_bad_events_and_neurons_are_value_errors(tmp_path):
    model = fresh_model(tmp_path)
    with elmkit.Engine() as engine:
        with pytest.raises(ValueError, match=r"events arrays: channel\[1\]: expected 0..23, found 24"):
            engine.add_events([0, 0], [0, 1], [3, 24], num_channels=24)
        with pytest.raises(ValueError, match="events: step: expected 0.."):
            engine.add_events([0], [-1], [3], num_channels=24)
        with pytest.raises(ValueError, match=r"value\[0\]: expected a finite number, found NaN"):
            engine.add_events([0], [0], [3], [np.nan], num_channels=24)
        source = engine.add_events([0], [0], [3], num_channels=10)
        with pytest.raises(ValueError, match="num_channels is 10, but the model expects num_input = 24"):
            engine.add_neurons(model, source)
    with elmkit.Engine() as engine:
        with pytest.raises(FileNotFoundError) as caught:
            engine.add_file(tmp_path / "missing.npz")
        assert str(tmp_path / "missing.npz") in str(caught.value)


def test_connections_deliver_spikes_as_input_events_after_the_delay(tmp_path):
    model = fresh_model(tmp_path)
    x = spiky_input((1, 120, 24), seed=4)
    with elmkit.Engine() as engine:
        source = engine.add_dense(x)
        (a,) = engine.add_neurons(model, source, spike_threshold=0.5, refractory_steps=1)
        (b,) = engine.add_neurons(model)  # no input of its own
        engine.connect(a, b, channel=5, weight=0.75, delay_steps=3)
        steps, outputs, spikes = collect(engine, [a, b])
        engine.run()
    spike_steps = [s for s, ids in zip(steps, spikes) if a in ids]
    assert spike_steps, "neuron a never spiked; pick another threshold"
    # b sees exactly a's spikes, 3 steps later, on channel 5 with value 0.75.
    xb = np.zeros((1, 120, 24), np.float32)
    for s in spike_steps:
        if s + 3 < 120:
            xb[0, s + 3, 5] += 0.75
    got = np.stack(outputs, axis=1)
    assert np.array_equal(got[1], model.predict(xb)[0])
    assert np.array_equal(got[0], model.predict(x)[0])


def test_a_journal_directory_is_an_input_too(tmp_path):
    model = fresh_model(tmp_path)
    x = spiky_input((2, 20, 24), seed=9)
    np.save(tmp_path / "x.npy", x)
    run_cli("convert", tmp_path / "x.npy", tmp_path / "events.npz")
    run_cli("convert", tmp_path / "events.npz", tmp_path / "journal")
    with elmkit.Engine() as engine:
        source = engine.add_file(tmp_path / "journal")
        ids = engine.add_neurons(model, source, streams=range(2))
        _, outputs, _ = collect(engine, ids)
        engine.run()
    assert np.array_equal(np.stack(outputs, axis=1), model.predict(x))


def test_bad_connections_are_refused_at_once_and_removed_neurons_report_nan(tmp_path):
    model = fresh_model(tmp_path)
    with elmkit.Engine() as engine:
        source = engine.add_dense(spiky_input((2, 6, 24)))
        ids = engine.add_neurons(model, source, streams=[0, 1])
        with pytest.raises(ValueError, match="channel 24 outside the target's 0..23"):
            engine.connect(ids[0], ids[1], channel=24)
        with pytest.raises(ValueError, match="target: expected a neuron id 0..1, found 7"):
            engine.connect(ids[0], 7, channel=0)
        with pytest.raises(ValueError, match="delay must be at least one step"):
            engine.connect(ids[0], ids[1], channel=0, delay_steps=0)
        rows = []
        engine.on_step(lambda step, out, spikes: rows.append(out))
        engine.run(max_steps=3)
        engine.remove_neuron(ids[1])
        engine.run()
    assert len(rows) == 6
    assert not np.isnan(rows[2]).any()
    assert np.isnan(rows[3][1]).all() and not np.isnan(rows[3][0]).any()
