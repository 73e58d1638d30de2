package io.elmkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The commands of every {@link CommandProvider} on the class path; looked up only when a run needs them. */
final class ProvidedCommands {
    private ProvidedCommands() {
    }

    private static List<CommandProvider> providers() {
        List<CommandProvider> all = new ArrayList<>();
        for (CommandProvider p : ServiceLoader.load(CommandProvider.class, ElmkitCommand.class.getClassLoader())) {
            all.add(p);
        }
        return all;
    }

    /** The provided command names (none in elmkit.jar). */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (CommandProvider p : providers()) {
            names.addAll(p.names());
        }
        return names;
    }

    /** A new instance of the provided command of that name, or null. */
    static Object newCommand(String name) {
        for (CommandProvider p : providers()) {
            if (p.names().contains(name)) {
                return p.newCommand(name);
            }
        }
        return null;
    }
}
