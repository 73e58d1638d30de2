package io.elmkit.cli.options;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A command that only groups subcommands ({@code train}, {@code eval}, {@code fetch}): run alone, it prints its usage. */
public abstract class GroupCommand extends StandardCommand implements Runnable {
    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
