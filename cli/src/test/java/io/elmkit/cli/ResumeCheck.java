package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

/** Runs a training command whole, and stopped after epoch 1 then resumed; the last checkpoints must be identical. */
final class ResumeCheck {
    private ResumeCheck() {
    }

    /** Returns the uninterrupted run's output directory. */
    static Path assertResumeIsExact(String[] command, Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        Path split = tmp.resolve("split");
        CliRunner all = CliRunner.run(concat(command, "--out", whole.toString()));
        assertEquals(0, all.exitCode, all.err);
        CliRunner first = CliRunner.run(concat(command, "--out", split.toString(), "--stop-after-epoch", "1"));
        assertEquals(0, first.exitCode, first.err);
        CliRunner resumed = CliRunner.run(concat(command, "--out", split.toString(), "--resume"));
        assertEquals(0, resumed.exitCode, resumed.err);
        assertTrue(resumed.err.contains("resuming after epoch 1"), resumed.err);
        var a = io.elmkit.io.torch.TorchStateDict.read(whole.resolve("last/model_state.pt"));
        var b = io.elmkit.io.torch.TorchStateDict.read(split.resolve("last/model_state.pt"));
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            assertEquals(a.get(key), b.get(key), key);
        }
        return whole;
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
