package io.elmkit.cli;

import java.util.List;
import java.util.Map;
import io.elmkit.cli.options.ModuleHelpTexts;
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
    // The subcommands are not listed here but in the table of Commands: see there.
    synopsisSubcommandLabel = "[COMMAND]")
public final class ElmkitCommand implements Runnable {

    /**
     * The subcommands, in the order of the command list: each name (the one in its class's
     * {@code @Command}; CommandRegistryTest checks both, and that no command class is left out) with its
     * class. A new command is one line here. They are not in {@code @Command(subcommands)} because picocli
     * reflects over every option of every listed command at start-up (about 60 ms of the CPU time of each
     * run); {@link #newCommandLine(String...)} adds only the command a run names. Classes, not lambdas or
     * instances: a class literal only loads the class (no linking, no picocli model), and there is no
     * lambda to bootstrap at start-up.
     */
    private static final class Commands {
        /** Loaded on first use, so that {@code elmkit --version} loads no command class. */
        static final List<Map.Entry<String, Class<?>>> TABLE = List.of(
            Map.entry("help", CommandLine.HelpCommand.class), Map.entry("demo", DemoCommand.class),
            Map.entry("predict", PredictCommand.class), Map.entry("run", RunCommand.class),
            Map.entry("info", InfoCommand.class), Map.entry("shd-adding", ShdAddingCommand.class),
            Map.entry("eval-neuronio", EvalNeuronioCommand.class), Map.entry("fit-neuronio", FitNeuronioCommand.class),
            Map.entry("gradients", GradientsCommand.class), Map.entry("train", TrainCommand.class),
            Map.entry("convert", ConvertCommand.class), Map.entry("eval", EvalCommand.class),
            Map.entry("fetch", FetchCommand.class));
        static final List<String> NAMES = names();

        private static List<String> names() {
            List<String> names = new java.util.ArrayList<>();
            for (Map.Entry<String, Class<?>> e : TABLE) {
                names.add(e.getKey());
            }
            return List.copyOf(names);
        }
    }

    /** The subcommands' names, in the order of the command list. */
    static List<String> commandNames() {
        return Commands.NAMES;
    }

    /** A new instance of the named subcommand, or null. */
    static Object newCommand(String name) {
        for (Map.Entry<String, Class<?>> e : Commands.TABLE) {
            if (e.getKey().equals(name)) {
                try {
                    return e.getValue().getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException(e.getValue() + ": no public no-argument constructor", ex);
                }
            }
        }
        return null;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the {@code elmkit} command line and exits with its status. */
    public static void main(String[] args) {
        CommandLine cli = newCommandLine(args);
        Thread.setDefaultUncaughtExceptionHandler(uncaughtHandler(cli));
        System.exit(cli.execute(args));
    }

    /** The configured command line with every subcommand; tests run subcommands through it. */
    public static CommandLine newCommandLine() {
        return newCommandLine(commandNames());
    }

    /**
     * The configured command line for {@code args}: when they start with a subcommand's name, only that
     * subcommand is added (its usage, parsing and errors are the same); for {@code --version} alone,
     * none; otherwise, for the top-level help, {@code elmkit help ...} and suggestions for a mistyped
     * name, all of them.
     */
    public static CommandLine newCommandLine(String... args) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            return newCommandLine(List.of());
        }
        boolean one = args.length > 0 && !"help".equals(args[0]) && commandNames().contains(args[0]);
        if (!one && args.length > 0 && !args[0].startsWith("-") && !"help".equals(args[0])) {
            // Not a built-in name: a command of another jar (CommandProvider), looked up only now.
            Object provided = ProvidedCommands.newCommand(args[0]);
            if (provided != null) {
                return newCommandLine(List.of(args[0]), List.of(provided));
            }
        }
        if (one) {
            return newCommandLine(List.of(args[0]), List.of(newCommand(args[0])));
        }
        List<String> names = new java.util.ArrayList<>(commandNames());
        List<Object> commands = new java.util.ArrayList<>();
        for (String name : commandNames()) {
            commands.add(newCommand(name));
        }
        for (String name : ProvidedCommands.names()) {
            if (!names.contains(name)) {
                names.add(name);
                commands.add(ProvidedCommands.newCommand(name));
            }
        }
        return newCommandLine(names, commands);
    }

    private static CommandLine newCommandLine(List<String> names) {
        List<Object> commands = new java.util.ArrayList<>();
        for (String name : names) {
            commands.add(newCommand(name));
        }
        return newCommandLine(names, commands);
    }

    private static CommandLine newCommandLine(List<String> names, List<Object> commands) {
        CommandLine cli = new CommandLine(new ElmkitCommand());
        // The help texts (HelpTexts.properties), for the top level and every subcommand added below; not for
        // --version alone (no subcommands), which shows none of them: reading them costs about 10 ms of start-up.
        if (!names.isEmpty()) {
            cli.getCommandSpec().resourceBundle(ModuleHelpTexts.cli());
        }
        for (int i = 0; i < names.size(); i++) {
            cli.addSubcommand(names.get(i), commands.get(i));
        }
        collectParseErrors(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(new Strategy());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }

    /** {@link ElmkitCommand#execute} as picocli's strategy (a class, not a method reference: see Commands). */
    private static final class Strategy implements CommandLine.IExecutionStrategy {
        @Override
        public int execute(ParseResult parseResult) {
            return ElmkitCommand.execute(parseResult);
        }
    }

    /** The handler {@link #main} installs for every thread (package-private for a test's own JVM). */
    static Thread.UncaughtExceptionHandler uncaughtHandler(CommandLine cli) {
        return new FatalInOtherThread(cli);
    }

    /**
     * A worker or engine thread that dies of an Error would leave the command waiting for it: it is
     * reported as the one line and the run ends. Other uncaught throwables are reported; their owner decides.
     * Once the JVM is exiting, the command has ended and its exit status is decided: a library's exit
     * hook that fails then (Pekko's, when the exit overtakes Flink's MiniCluster closing the class loader
     * of its RPC system: a NoClassDefFoundError, about one `flink` run in six here) is shown only with
     * {@code ELMKIT_DEBUG=1}, and never calls System.exit, which from a hook thread blocks forever (the
     * exiting thread waits for that hook: the JVM hung after "done").
     */
    private static final class FatalInOtherThread implements Thread.UncaughtExceptionHandler {
        private final CommandLine cli;

        FatalInOtherThread(CommandLine cli) {
            this.cli = cli;
        }

        @Override
        public void uncaughtException(Thread thread, Throwable t) {
            if (exitInProgress()) {
                if ("1".equals(System.getenv("ELMKIT_DEBUG"))) {
                    cli.getErr().println("elmkit: while exiting, thread " + thread.getName() + " failed (ignored):");
                    t.printStackTrace(cli.getErr());
                    cli.getErr().flush();
                }
                return;
            }
            int code = UserErrorHandler.report(t, cli);
            if (t instanceof Error) {
                System.exit(code);
            }
        }
    }

    /** Whether the JVM is running its shutdown hooks (a hook can no longer be added then). */
    private static boolean exitInProgress() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException exiting) {
            return true;
        }
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
        OptionRanges.check(parseResult);
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
