package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The subcommand registry of ElmkitCommand, and the lazy command line a run builds from it. */
class CommandRegistryTest {

    @Test
    void everyNameBuildsTheCommandOfThatName() {
        assertEquals(commandCount(), new HashSet<>(ElmkitCommand.commandNames()).size(), "names are unique");
        for (String name : ElmkitCommand.commandNames()) {
            Object command = ElmkitCommand.newCommand(name);
            assertNotNull(command, name);
            assertEquals(name, new CommandLine(command).getCommandName(), "the @Command name of " + command.getClass());
        }
    }

    private static int commandCount() {
        return ElmkitCommand.commandNames().size();
    }

    @Test
    void noCommandClassOfThePackageIsLeftOut() throws Exception {
        Path classes = Path.of(ElmkitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/elmkit/cli");
        Set<Class<?>> registered = new HashSet<>();
        for (String name : ElmkitCommand.commandNames()) {
            registered.add(ElmkitCommand.newCommand(name).getClass());
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName("io.elmkit.cli." + file.substring(0, file.length() - ".class".length()));
                if (c.isAnnotationPresent(Command.class) && c != ElmkitCommand.class && !registered.contains(c)) {
                    missing.add(c.getSimpleName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "command classes not in ElmkitCommand.Commands: " + missing);
    }

    @Test
    void aRunAddsOnlyTheCommandItNames() {
        assertEquals(Set.of("info"), ElmkitCommand.newCommandLine("info", "--model", "m").getSubcommands().keySet());
        assertEquals(Set.of("train"), ElmkitCommand.newCommandLine("train", "shd").getSubcommands().keySet());
        assertEquals(Set.of(), ElmkitCommand.newCommandLine("--version").getSubcommands().keySet());
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "info"}, {"trian"}, {"@args.txt"}}) {
            assertEquals(ElmkitCommand.commandNames(), new ArrayList<>(ElmkitCommand.newCommandLine(args)
                .getSubcommands().keySet()), String.join(" ", args));
        }
    }

    @Test
    void aCommandAddedAloneHasTheSameHelpAsInTheFullTree() {
        CommandLine full = ElmkitCommand.newCommandLine();
        for (String name : ElmkitCommand.commandNames()) {
            if (!name.equals("help")) {
                assertEquals(full.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF),
                    ElmkitCommand.newCommandLine(name).getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF),
                    name);
            }
        }
    }
}
