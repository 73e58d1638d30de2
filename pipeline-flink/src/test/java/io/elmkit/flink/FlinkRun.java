package io.elmkit.flink;

import io.elmkit.testsupport.CapturedRun;
import picocli.CommandLine;

/** Runs the {@code flink} command in this JVM (on the calling test class's MiniCluster) with the CLI's error handling. */
final class FlinkRun {
    private FlinkRun() {
    }

    /** Exit code (as text) and stderr. */
    static String[] of(FlinkCommand command, String... args) {
        CapturedRun r = CapturedRun.of(() -> {
            CommandLine cli = new CommandLine(command);
            cli.setExecutionExceptionHandler((e, line, parsed) -> {
                line.getErr().println("flink: error: " + FlinkErrors.message(e));
                return 1;
            });
            return cli.execute(args);
        });
        return new String[] {Integer.toString(r.exitCode()), r.err()};
    }
}
