package io.elmkit.cli;

import io.elmkit.cli.options.BinMsOption;
import io.elmkit.cli.options.BatchSizeOption;
import io.elmkit.cli.options.SeedOption;
import io.elmkit.cli.options.StandardCommand;
import io.elmkit.cli.options.ThreadsOption;
import io.elmkit.io.FileKind;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdFlatWriter;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.Compat;
import io.elmkit.shd.ConcatenatedPairs;
import io.elmkit.shd.ShdAddingConfig;
import io.elmkit.shd.ShdAddingNpzWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit shd-adding}: SHD-Adding pairs from an SHD file, exact to the reference loader by default. */
@Command(name = "shd-adding", defaultValueProvider = ShdAddingCommand.Defaults.class)
final class ShdAddingCommand extends StandardCommand implements Callable<Integer> {

    /** The defaults of --seed, --batch-size and --bin-ms: the library's ({@link ShdAddingConfig}). */
    static final class Defaults extends RecordDefaults {
        Defaults() {
            super(REFERENCE_DEFAULTS);
        }
    }

    /** A reference-mode run with every default of {@link ShdAddingConfig}: the reference's training epoch of pairs. */
    static final ShdAddingConfig REFERENCE_DEFAULTS = ShdAddingConfig.reference(ShdAddingConfig.DEFAULT_SEED,
        ShdAddingConfig.DEFAULT_BATCH_SIZE, ShdAddingConfig.DEFAULT_BIN_MS, ShdAddingConfig.DEFAULT_BATCHES);

    @Option(names = "--shd", required = true, paramLabel = "FILE.h5") Path shd;

    @Option(names = "--out", required = true, paramLabel = "OUT.npz", descriptionKey = "shd-adding.out") Path out;

    @Mixin SeedOption seed;

    @Mixin BatchSizeOption batchSize;

    @ArgGroup(exclusive = true) Count count;

    static final class Count {
        @Option(names = "--batches", paramLabel = "N", descriptionKey = "shd-adding.batches") Long batches;

        @Option(names = "--pairs", paramLabel = "N") Long pairs;
    }

    @Mixin BinMsOption binMs;

    @Option(names = "--compat", defaultValue = "reference", paramLabel = "reference|native") String pairing;

    @Option(names = "--h5", paramLabel = "OUT.h5") Path h5;

    @Mixin ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        Compat mode = parseCompat(pairing);
        long seed = this.seed.seed();
        int batchSize = this.batchSize.batchSize();
        double binMs = this.binMs.binMs();
        long numPairs;
        if (count != null && count.pairs != null) {
            numPairs = count.pairs;
        } else {
            long batches = count != null && count.batches != null ? count.batches : ShdAddingConfig.DEFAULT_BATCHES;
            if (batches < 1) {
                throw new IllegalArgumentException("--batches: expected >= 1, found " + batches);
            }
            numPairs = Math.multiplyExact(batches, (long) batchSize);
        }
        ShdAddingConfig config = new ShdAddingConfig(seed, batchSize, numPairs, binMs, mode);
        PrintStream err = System.err;
        long start = System.nanoTime();
        FileKind kind = FileKind.of(shd);
        if (kind != FileKind.HDF5) {
            throw ShdInputs.wrongKind(shd, kind, "shd-adding reads an SHD .h5 (shd_train.h5 layout, or the flat layout of --h5)");
        }
        JhdfShdSamples source = JhdfShdSamples.read(shd);
        BinnedSamples binned = new BinnedSamples(source, ReferenceBinning.ofBinMs(binMs));
        binned.binAll(threads.count());
        err.printf(Locale.ROOT, "shd-adding: %s: %d samples binned (%d bins of %s ms per digit) in %.1f s%n", shd, source.size(),
            binned.binning().numBins(), binMs, (System.nanoTime() - start) / 1e9);

        long generateStart = System.nanoTime();
        ProgressMeter progress = ProgressMeter.start("pairs", numPairs, err);
        long events = new ShdAddingNpzWriter(binned, config).write(out, (done, total) -> progress.advance(done - progress.done()));
        progress.finish();
        double seconds = (System.nanoTime() - generateStart) / 1e9;
        err.printf(Locale.ROOT, "shd-adding: wrote %s: %d pairs, %d events, shape [%d, %d, %d], %s mode, %.1f s (%.0f pairs/s)%n", out,
            numPairs, events, numPairs, 2 * binned.binning().numBins(), binned.numChannels(), mode.name().toLowerCase(Locale.ROOT),
            seconds, numPairs / seconds);
        if (h5 != null) {
            ShdFlatWriter.write(ConcatenatedPairs.of(source, config), h5,
                "layout", "flat SHD layout: sample i = spikes/times[offsets[i]:offsets[i+1]]",
                "content", "SHD-Adding pairs: first digit (spikes < 1.0 s) then second digit + 1.0 s; label = (label1 mod 10) + (label2 mod 10)",
                "source", shd.toString(), "seed", Long.toString(seed), "batch_size", Integer.toString(batchSize),
                "compat", mode.name().toLowerCase(Locale.ROOT));
            err.printf(Locale.ROOT, "shd-adding: wrote %s (%d pairs as 2 s samples)%n", h5, numPairs);
        }
        return 0;
    }

    static Compat parseCompat(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "reference": return Compat.REFERENCE;
            case "native": return Compat.NATIVE;
            default: throw new IllegalArgumentException("--compat: expected reference or native, found '" + value + "'");
        }
    }
}
