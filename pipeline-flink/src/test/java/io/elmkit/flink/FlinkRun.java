package io.elmkit.flink;

import io.elmkit.testsupport.CapturedRun;

/** Runs the {@code flink} command in this JVM (on the calling test class's MiniCluster) with its own error handling (as `flink run` runs it: {@link FlinkCommand#alone}). */
final class FlinkRun {
    private FlinkRun() {
    }

    /** Exit code (as text) and stderr. */
    static String[] of(FlinkCommand command, String... args) {
        CapturedRun r = CapturedRun.of(() -> FlinkCommand.alone(command).execute(args));
        return new String[] {Integer.toString(r.exitCode()), r.err()};
    }
}
