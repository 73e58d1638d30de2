package io.elmkit.flink;

import io.elmkit.cli.CommandProvider;
import java.util.List;

/** `elmkit flink`, a command of elmkit-pipeline.jar, found by `elmkit` through ServiceLoader. */
public final class FlinkCommands implements CommandProvider {
    @Override
    public List<String> names() {
        return List.of("flink");
    }

    @Override
    public Object newCommand(String name) {
        return "flink".equals(name) ? new FlinkCommand() : null;
    }
}
