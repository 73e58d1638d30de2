package io.elmkit.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code elmkit} command: every tool of the toolkit behind one executable. */
@Command(
    name = "elmkit",
    mixinStandardHelpOptions = true,
    version = "elmkit 0.1.0",
    description = {"Expressive Leaky Memory (ELM) neuron toolkit.",
        "Models are directories with model_config.json and a PyTorch state dict, as the reference writes them.",
        "Every command has its own help: elmkit COMMAND --help.",
        "Environment: ELMKIT_JAVA_OPTS adds JVM flags (e.g. -Xmx8g); ELMKIT_DEBUG=1 shows stack traces."},
    footer = {"%nExamples:",
        "  ./elmkit demo                         the main job on built-in data, ~1 min",
        "  ./elmkit info --model models/m1       a model's configuration",
        "  ./elmkit help run                     the options of run, as run --help"},
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
    })
public final class ElmkitCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = newCommandLine();
        // A worker or engine thread that dies of an Error would leave the command waiting for it:
        // report it as the one line and end; other uncaught throwables are reported, their owner decides.
        Thread.setDefaultUncaughtExceptionHandler((thread, t) -> {
            int code = UserErrorHandler.report(t, cli);
            if (t instanceof Error) {
                System.exit(code);
            }
        });
        System.exit(cli.execute(args));
    }

    /** The configured command line; tests run subcommands through it. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new ElmkitCommand());
        collectParseErrors(cli);
        cli.setExecutionStrategy(ElmkitCommand::execute);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }

    /**
     * Parse errors are collected rather than thrown at the first one, so that {@link #execute} can report
     * the most telling: picocli checks required options before unknown ones, and {@code info --modle x}
     * would otherwise say "Missing required option: '--model=DIR'" instead of naming the typo.
     */
    private static void collectParseErrors(CommandLine cli) {
        cli.getCommandSpec().parser().collectErrors(true);
        for (CommandLine sub : cli.getSubcommands().values()) {
            collectParseErrors(sub);
        }
    }

    /**
     * Runs the command the user named. A parse error (collected above) is thrown before anything runs,
     * an unknown option or subcommand first; any {@link Throwable} the command throws, an {@link Error}
     * such as OutOfMemoryError included, ends as the one-line error of {@link UserErrorHandler}.
     */
    static int execute(ParseResult parseResult) {
        throwParseError(parseResult);
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (ParameterException | ExecutionException e) {
            throw e; // picocli hands these to the usage and execution handlers
        } catch (Throwable t) {
            List<CommandLine> commands = parseResult.asCommandLineList();
            return UserErrorHandler.report(t, commands.get(commands.size() - 1));
        }
    }

    private static void throwParseError(ParseResult parseResult) {
        ParameterException first = null;
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            for (Exception e : r.errors()) {
                ParameterException p = e instanceof ParameterException ? (ParameterException) e
                    : new ParameterException(r.commandSpec().commandLine(), e.getMessage(), e);
                if (p instanceof UnmatchedArgumentException) {
                    throw p;
                }
                if (first == null) {
                    first = p;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
