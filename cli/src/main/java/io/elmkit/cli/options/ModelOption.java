package io.elmkit.cli.options;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR}, defined once for every command that loads a trained model (a picocli {@code @Mixin}). */
public final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "DIR") Path dir;

    /** The model directory given. */
    public Path dir() {
        return dir;
    }

    /** The model in {@link #dir()}, checked on loading. */
    public ElmModel load() throws IOException {
        return ModelDirectory.load(dir);
    }
}
