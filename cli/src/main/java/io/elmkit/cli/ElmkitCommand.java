package io.elmkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code elmkit} command: every tool of the toolkit behind one executable. */
@Command(
    name = "elmkit",
    mixinStandardHelpOptions = true,
    version = "elmkit 0.1.0",
    description = "Expressive Leaky Memory (ELM) neuron toolkit.",
    subcommands = {
        CommandLine.HelpCommand.class,
        DemoCommand.class,
        PredictCommand.class,
        RunCommand.class,
        InfoCommand.class,
        ShdAddingCommand.class,
        EvalNeuronioCommand.class,
        FitNeuronioCommand.class,
        GradientsCommand.class,
        TrainCommand.class,
        ConvertCommand.class,
        EvalCommand.class,
        FetchCommand.class,
    })
public final class ElmkitCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests run subcommands through it. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new ElmkitCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }
}
