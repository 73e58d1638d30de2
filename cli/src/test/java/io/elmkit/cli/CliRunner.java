package io.elmkit.cli;

import io.elmkit.testsupport.CapturedRun;

/** Runs {@code elmkit} in-process and captures exit code, stdout and stderr. */
final class CliRunner {
    final int exitCode;
    final String out;
    final String err;

    private CliRunner(CapturedRun run) {
        this.exitCode = run.exitCode();
        this.out = run.out();
        this.err = run.err();
    }

    static CliRunner run(String... args) {
        return new CliRunner(CapturedRun.of(() -> ElmkitCommand.newCommandLine().execute(args)));
    }
}
