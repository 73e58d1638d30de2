package io.elmkit.sim.train;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Our resume file next to a training run's checkpoints ({@code training_state.npz}, not read by the
 * reference): the optimiser's moments and step, the last finished epoch, the best score so far and
 * its epoch, and the learning curve as rows of numbers. Written atomically (temp file + move), so a
 * run killed while saving keeps the previous state. Runs draw their random numbers from one stream
 * per epoch, so resuming after epoch e reproduces the uninterrupted run bit for bit.
 */
public final class TrainingState {
    /** The file name every training command uses. */
    public static final String FILE = "training_state.npz";

    /** What a resume needs besides the optimiser (which {@link #load} restores in place). */
    public record Saved(int epoch, double best, int bestEpoch, double[][] curve) {
    }

    private TrainingState() {
    }

    /** Saves the state; {@code bestKey} names the best score (e.g. best_validation_accuracy). */
    public static void save(Path file, Optimizer optimizer, int epoch, String bestKey, double best, int bestEpoch,
                            double[][] curve) throws IOException {
        LinkedHashMap<String, NdArray> state = optimizer.exportState();
        state.put("epoch", NdArray.scalarLong(epoch));
        state.put(bestKey, NdArray.scalarDouble(best));
        state.put("best_epoch", NdArray.scalarLong(bestEpoch));
        int columns = curve.length == 0 ? 0 : curve[0].length;
        double[] rows = new double[curve.length * columns];
        for (int i = 0; i < curve.length; i++) {
            System.arraycopy(curve[i], 0, rows, i * columns, columns);
        }
        state.put("curve", NdArray.ofDoubles(rows, curve.length, columns));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Npz.write(tmp, state);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores the optimiser from {@code file} and returns the rest; curve rows of {@code columns} values. */
    public static Saved load(Path file, Optimizer optimizer, String bestKey, int columns) throws IOException {
        LinkedHashMap<String, NdArray> saved = Npz.read(file);
        optimizer.importState(saved, file.toString());
        for (String key : new String[] {"epoch", bestKey, "best_epoch", "curve"}) {
            if (!saved.containsKey(key)) {
                throw new IOException(file + ": " + key + ": missing (a training state holds epoch, " + bestKey
                    + ", best_epoch, curve and the optimiser's arrays)");
            }
        }
        double[] rows = saved.get("curve").toDoubleArray();
        double[][] curve = new double[rows.length / Math.max(1, columns)][columns];
        for (int i = 0; i < curve.length; i++) {
            System.arraycopy(rows, i * columns, curve[i], 0, columns);
        }
        return new Saved((int) saved.get("epoch").getLong(0), saved.get(bestKey).getDouble(0),
            (int) saved.get("best_epoch").getLong(0), curve);
    }

    /**
     * Throws unless the model being resumed ({@code resumed}, read from {@code source}) has the
     * configuration this command would build ({@code asked}): an option changed between the start
     * and the resume (--memory, --bin-ms, ...) would otherwise be ignored without a word.
     */
    public static void requireSameConfig(ElmConfig resumed, ElmConfig asked, Path source) throws IOException {
        Map<String, Object> saved = resumed.toMap();
        for (Map.Entry<String, Object> e : asked.toMap().entrySet()) {
            if (!Objects.equals(saved.get(e.getKey()), e.getValue())) {
                throw new InputFormatException(source.toString(), e.getKey(), "the run being resumed has "
                    + saved.get(e.getKey()) + " but this command asks for " + e.getValue()
                    + "; resume with the options the run was started with");
            }
        }
    }

    /**
     * Replaces the checkpoint directory {@code dir} with {@code model} atomically, never through a
     * link and never deleting files we did not write ({@link CheckpointDirectory#replace}).
     */
    public static void replaceModel(ElmModel model, Path dir) throws IOException {
        CheckpointDirectory.replace(model, dir);
    }
}
