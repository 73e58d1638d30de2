package io.elmkit.pipeline.cli;

import io.elmkit.cli.CommandProvider;
import java.util.List;

/**
 * The commands of elmkit-pipeline.jar, found by {@code elmkit} through ServiceLoader. The Flink half
 * (pipeline-flink) registers its own provider (e.g. {@code flink}) the same way.
 */
public final class PipelineCommands implements CommandProvider {
    @Override
    public List<String> names() {
        return List.of("broker", "publish", "consume");
    }

    @Override
    public Object newCommand(String name) {
        switch (name) {
            case "broker": return new BrokerCommand();
            case "publish": return new PublishCommand();
            case "consume": return new ConsumeCommand();
            default: return null;
        }
    }
}
