package io.elmkit.cli;

import io.elmkit.io.FileKind;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.shd.ShdAddingNpzReader;
import java.io.IOException;
import java.nio.file.Path;

/** What {@code run} and {@code convert} share about SHD-family inputs: npz kinds, steps, wrong-kind messages. */
final class ShdInputs {
    private ShdInputs() {
    }

    /** Whether two step lengths agree (to rounding of a decimal written in JSON or on a command line). */
    static boolean sameStep(double aMs, double bMs) {
        return Math.abs(aMs - bMs) <= 1e-9 * Math.max(Math.abs(aMs), Math.abs(bMs));
    }

    /** A step for messages: "10" rather than "10.0", "0.5" as is. */
    static String ms(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Whether {@code npz} is an SHD-Adding archive (events rows, shape, bin_ms) rather than an events file. */
    static boolean isShdAddingNpz(Path npz) throws IOException {
        return ShdAddingNpzReader.isShdAdding(npz);
    }

    /**
     * The pairs of an SHD-Adding archive as events for a model trained at {@code modelDtMs}: refused
     * when they were binned at another step (a model steps at the dt it was trained at).
     */
    static EventsFile shdAddingPairs(Path npz, double modelDtMs, Path modelDir) throws IOException {
        EventsFile pairs = ShdAddingNpzReader.read(npz);
        if (!sameStep(pairs.dtMs, modelDtMs)) {
            throw new InputFormatException(npz.toString(), "bin_ms", "the model's delta_t = " + ms(modelDtMs) + " ms ("
                + modelDir + ")", ms(pairs.dtMs) + " ms; regenerate the pairs with elmkit shd-adding --bin-ms " + ms(modelDtMs));
        }
        return pairs;
    }

    /** "x.h5: an HDF5 file; eval-neuronio reads ...": what the file is and what the command reads. */
    static InputFormatException wrongKind(Path file, FileKind kind, String whatTheCommandReads) {
        return new InputFormatException(file.toString(), kind.describe() + "; " + whatTheCommandReads);
    }
}
