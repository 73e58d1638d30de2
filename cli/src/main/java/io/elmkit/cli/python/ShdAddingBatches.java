package io.elmkit.cli.python;

import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.Compat;
import io.elmkit.shd.ShdAddingBatch;
import io.elmkit.shd.ShdAddingConfig;
import io.elmkit.shd.ShdAddingGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * SHD-Adding batches for Python's {@code elmkit.shd_adding}: the generator of
 * {@code elmkit shd-adding}, each batch handed over as a few int arrays (one bulk copy each),
 * which NumPy turns into COO index arrays or a dense (B, 2T, C) float32 input.
 */
public final class ShdAddingBatches {
    private final ShdAddingGenerator generator;
    private final ShdAddingBatch batch;

    /** SHD-Adding batches from the SHD file at {@code shdPath}, as {@code elmkit shd-adding} draws them. */
    public ShdAddingBatches(String shdPath, long seed, int batchSize, long numPairs, double binMs, String compat, int threads)
        throws IOException {
        ShdAddingConfig config = new ShdAddingConfig(seed, batchSize, numPairs, binMs, parseCompat(compat));
        BinnedSamples binned = new BinnedSamples(JhdfShdSamples.read(Path.of(shdPath)), ReferenceBinning.ofBinMs(binMs));
        binned.binAll(Math.max(1, threads));
        this.generator = new ShdAddingGenerator(binned, config);
        this.batch = generator.newBatch();
    }

    static Compat parseCompat(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "reference": return Compat.REFERENCE;
            case "native": return Compat.NATIVE;
            default: throw new IllegalArgumentException("compat: expected reference or native, found '" + value + "'");
        }
    }

    /** Moves to the next batch; false when all pairs have been made. */
    public boolean next() {
        return generator.next(batch);
    }

    /** Pairs in the current batch. */
    public int size() {
        return batch.size();
    }

    /** 2T: steps per pair. */
    public int numSteps() {
        return batch.numSteps();
    }

    /** Input channels (700 for SHD). */
    public int numChannels() {
        return batch.numChannels();
    }

    /** Batches this run makes. */
    public long numBatches() {
        return generator.config().numBatches();
    }

    /** The drawn sample indices as the reference draws them: first digits, then second digits (2 x size). */
    public int[] indices() {
        return planar(batch.size(), batch::firstSample, batch::secondSample);
    }

    /** Labels, (label1 mod 10) + (label2 mod 10). */
    public int[] labels() {
        return planar(batch.size(), batch::label);
    }

    /** The non-zero inputs, planar: pair[0..n), step[n..2n), channel[2n..3n), count[3n..4n), n = number of events. */
    public int[] events() {
        return planar(batch.numEvents(), batch::eventPair, batch::eventStep, batch::eventChannel, batch::eventCount);
    }

    /** Columns of {@code n} values each, one after another: {@code out[c * n + i] = columns[c](i)}. */
    private static int[] planar(int n, IntUnaryOperator... columns) {
        int[] out = new int[columns.length * n];
        for (int c = 0; c < columns.length; c++) {
            for (int i = 0; i < n; i++) {
                out[c * n + i] = columns[c].applyAsInt(i);
            }
        }
        return out;
    }
}
