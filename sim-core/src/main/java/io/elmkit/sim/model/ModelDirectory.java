package io.elmkit.sim.model;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.torch.TorchStateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model directory as the reference lays it out: {@code model_config.json} (constructor
 * arguments) and exactly one {@code *.pt} state dict. Loads, checks and saves them.
 */
public final class ModelDirectory {
    /** The configuration's file name in a model directory. */
    public static final String CONFIG_FILE = "model_config.json";
    /** The state dict's file name when we save a model (any one {@code *.pt} is read). */
    public static final String STATE_FILE = "model_state.pt";

    private ModelDirectory() {
    }

    /** Loads and validates the model in {@code dir}. */
    public static ElmModel load(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "model directory not found");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + " (expected a model directory holding model_config.json and one .pt)");
        }
        ElmConfig config = ElmConfig.read(dir.resolve(CONFIG_FILE));
        Path state = stateFile(dir);
        LinkedHashMap<String, NdArray> tensors = TorchStateDict.read(state);
        return ElmModel.fromStateDict(config, tensors, state.toString());
    }

    /** The one {@code *.pt} file of a model directory; none or several is an error naming them. */
    public static Path stateFile(Path dir) throws IOException {
        List<Path> pts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".pt") && Files.isRegularFile(p))
                .sorted().forEach(pts::add);
        }
        if (pts.isEmpty()) {
            throw new ModelFormatException(dir.toString(), "*.pt", "no state dict (.pt file) in the model directory");
        }
        if (pts.size() > 1) {
            throw new ModelFormatException(dir.toString(), "*.pt",
                "expected exactly one state dict, found " + pts.size() + ": " + pts);
        }
        return pts.get(0);
    }

    /**
     * Saves a model as {@code dir/model_config.json} (reference constructor keys) and
     * {@code dir/model_state.pt}, which the reference loads with {@code load_state_dict(strict=True)}.
     */
    public static void save(ElmModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".pt") && !p.getFileName().toString().equals(STATE_FILE)) {
                    throw new ModelFormatException(dir.toString(), "*.pt", "refusing to save next to another state dict "
                        + p.getFileName() + " (a model directory holds exactly one .pt)");
                }
            }
        }
        Files.writeString(dir.resolve(CONFIG_FILE), model.config().toReferenceJson());
        TorchStateDict.write(dir.resolve(STATE_FILE), model.toStateDict());
    }
}
