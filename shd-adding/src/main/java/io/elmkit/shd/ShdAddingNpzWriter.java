package io.elmkit.shd;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.NpzWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an SHD-Adding run as {@code .npz}, streaming, with memory bounded by one batch whatever the
 * number of pairs. Arrays:
 * <ul>
 *   <li>{@code pair_indices} (N, 2) int64: the sample indices of each pair (first, second);</li>
 *   <li>{@code labels} (N,) int64: (label1 mod 10) + (label2 mod 10);</li>
 *   <li>{@code events} (M, 4) int32 rows (pair, step, channel, count), sorted by pair, step, channel;
 *       steps 0..T-1 are the first digit, T..2T-1 the second;</li>
 *   <li>{@code shape} (3,) int64: [N, 2T, channels];</li>
 *   <li>{@code seed} int64, {@code bin_ms} float64, {@code compat_reference} bool scalars.</li>
 * </ul>
 * Entries are STORED (uncompressed, as {@code np.savez}), Zip64 when over 4 GiB.
 * An .npz is a zip of entries written one after the other, and an .npy header holds the shape, so
 * the pairs are drawn again for each array that needs them (the draws are cheap and deterministic:
 * a fresh {@link PairSampler} replays them): pass 1 writes {@code pair_indices}, pass 2
 * {@code labels} and counts M, pass 3 generates and writes {@code events}.
 */
public final class ShdAddingNpzWriter {
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int ROWS_PER_CHUNK = CHUNK_BYTES / 16;

    private final BinnedSamples samples;
    private final ShdAddingConfig config;

    /** A writer of {@code config}'s run over {@code samples}. */
    public ShdAddingNpzWriter(BinnedSamples samples, ShdAddingConfig config) {
        if (samples.binning().binMs() != config.binMs()) {
            throw new IllegalArgumentException("bin_ms: samples are binned at " + samples.binning().binMs() + " ms, config says "
                + config.binMs() + " ms");
        }
        this.samples = samples;
        this.config = config;
    }

    /**
     * Writes the archive to {@code file}, telling {@code progress} after each batch of events. On any
     * error (bad sample data, a full disk) the partial file is deleted and the error rethrown.
     *
     * @return the number of event rows M written
     */
    public long write(Path file, ProgressListener progress) throws IOException {
        try {
            return writeArchive(file, progress);
        } catch (IOException | RuntimeException e) {
            // Never leave a truncated archive behind that could pass for a result.
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private long writeArchive(Path file, ProgressListener progress) throws IOException {
        long numPairs = config.numPairs();
        int batchSize = config.batchSize();
        int[] first = new int[batchSize];
        int[] second = new int[batchSize];
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int[] rows = new int[4 * ROWS_PER_CHUNK];
        int pairs = Math.toIntExact(numPairs);
        long numEvents;
        try (NpzWriter npz = NpzWriter.create(file, false)) {
            OutputStream out = npz.begin("pair_indices", DType.INT64, new int[] {pairs, 2});
            PairSampler sampler = newSampler();
            for (long p = 0; p < numPairs; p += batchSize) {
                int count = (int) Math.min(batchSize, numPairs - p);
                sampler.nextPairs(p, count, first, second);
                for (int i = 0; i < count; i++) {
                    putLong(chunk, out, first[i]);
                    putLong(chunk, out, second[i]);
                }
            }
            flush(chunk, out);

            out = npz.begin("labels", DType.INT64, new int[] {pairs});
            sampler = newSampler();
            numEvents = 0;
            for (long p = 0; p < numPairs; p += batchSize) {
                int count = (int) Math.min(batchSize, numPairs - p);
                sampler.nextPairs(p, count, first, second);
                for (int i = 0; i < count; i++) {
                    putLong(chunk, out, samples.label(first[i]) % 10 + samples.label(second[i]) % 10);
                    numEvents += samples.distinctEvents(first[i]) + samples.distinctEvents(second[i]);
                }
            }
            flush(chunk, out);
            if (numEvents > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("events: " + numEvents + " rows exceed one .npy dimension the writer supports ("
                    + Integer.MAX_VALUE + "); write fewer pairs per file");
            }

            out = npz.begin("events", DType.INT32, new int[] {(int) numEvents, 4});
            ShdAddingGenerator generator = new ShdAddingGenerator(samples, config);
            ShdAddingBatch batch = generator.newBatch();
            long written = 0;
            while (generator.next(batch)) {
                // Rows go through an int[] and one bulk copy into the little-endian chunk.
                int pairBase = (int) batch.firstPair();
                int numEventsInBatch = batch.numEvents();
                for (int e = 0; e < numEventsInBatch; ) {
                    int rowsNow = Math.min(ROWS_PER_CHUNK, numEventsInBatch - e);
                    for (int r = 0; r < rowsNow; r++, e++) {
                        rows[4 * r] = pairBase + batch.eventPair(e);
                        rows[4 * r + 1] = batch.eventStep(e);
                        rows[4 * r + 2] = batch.eventChannel(e);
                        rows[4 * r + 3] = batch.eventCount(e);
                    }
                    chunk.clear();
                    chunk.asIntBuffer().put(rows, 0, 4 * rowsNow);
                    out.write(chunk.array(), 0, 16 * rowsNow);
                }
                written += batch.numEvents();
                progress.onProgress(generator.pairsGenerated(), numPairs);
            }
            flush(chunk, out);
            if (written != numEvents) {
                throw new IllegalStateException("events: counted " + numEvents + " rows, generated " + written);
            }

            int steps = 2 * samples.binning().numBins();
            npz.add("shape", NdArray.ofLongs(new long[] {numPairs, steps, samples.numChannels()}, 3));
            npz.add("seed", NdArray.scalarLong(config.seed()));
            npz.add("bin_ms", NdArray.scalarDouble(config.binMs()));
            npz.add("compat_reference", NdArray.scalarBoolean(config.compat() == Compat.REFERENCE));
        }
        return numEvents;
    }

    private PairSampler newSampler() {
        return PairSampler.create(config.compat(), config.seed(), samples.size(), config.batchSize());
    }

    private static void putLong(ByteBuffer chunk, OutputStream out, long value) throws IOException {
        if (chunk.remaining() < 8) {
            flush(chunk, out);
        }
        chunk.putLong(value);
    }

    private static void flush(ByteBuffer chunk, OutputStream out) throws IOException {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
    }
}
