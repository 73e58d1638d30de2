package io.elmkit.cli;

import java.util.List;

/**
 * Commands from other jars (the pipeline commands of elmkit-pipeline.jar), found by name through
 * {@link java.util.ServiceLoader} (META-INF/services/io.elmkit.cli.CommandProvider). The built-in
 * commands do not go through it: a run of {@code info} or {@code predict} looks no provider up.
 */
public interface CommandProvider {
    /** The names of this provider's commands, in the order of the command list. */
    List<String> names();

    /** A new picocli command object for {@code name} (one of {@link #names()}), or null. */
    Object newCommand(String name);
}
