package io.elmkit.shd;

import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdInputException;

import io.elmkit.io.shd.ShdSamples;

/**
 * Generates SHD-Adding batches from binned SHD samples, in order, without writing files: the
 * library API for feeding training directly (sparse events or dense input per batch).
 *
 * <pre>{@code
 * ShdAddingGenerator gen = ShdAddingGenerator.create(samples, ShdAddingConfig.reference(0, 8, 2.0, 2000));
 * ShdAddingBatch batch = gen.newBatch();
 * while (gen.next(batch)) { train(batch.toDense(), batch.labelsArray()); }
 * }</pre>
 *
 * Memory: the binned samples (4 bytes per kept spike of the source) plus one batch.
 * Single-threaded; a second generator over the same {@link BinnedSamples} replays the same pairs.
 */
public final class ShdAddingGenerator {
    private final BinnedSamples samples;
    private final ShdAddingConfig config;
    private final PairSampler sampler;
    private long nextPair;

    /** A generator of {@code config}'s pairs over already binned samples. */
    public ShdAddingGenerator(BinnedSamples samples, ShdAddingConfig config) {
        if (samples.binning().binMs() != config.binMs()) {
            throw new IllegalArgumentException("bin_ms: samples are binned at " + samples.binning().binMs() + " ms, config says " + config.binMs() + " ms");
        }
        this.samples = samples;
        this.config = config;
        this.sampler = PairSampler.create(config.compat(), config.seed(), samples.size(), config.batchSize());
    }

    /** Bins {@code source} with the reference binning of {@code config.binMs()} and makes a generator. */
    public static ShdAddingGenerator create(ShdSamples source, ShdAddingConfig config) {
        return new ShdAddingGenerator(new BinnedSamples(source, ReferenceBinning.ofBinMs(config.binMs())), config);
    }

    /** The binned samples drawn from. */
    public BinnedSamples samples() {
        return samples;
    }

    /** The run's configuration. */
    public ShdAddingConfig config() {
        return config;
    }

    /** How pairs are drawn, one line (for metadata). */
    public String samplerDescription() {
        return sampler.description();
    }

    /** Pairs generated so far. */
    public long pairsGenerated() {
        return nextPair;
    }

    /** A batch sized for this generator, to pass to {@link #next(ShdAddingBatch)} again and again. */
    public ShdAddingBatch newBatch() {
        return new ShdAddingBatch(config.batchSize(), samples.binning().numBins(), samples.numChannels());
    }

    /** Whether pairs remain. */
    public boolean hasNext() {
        return nextPair < config.numPairs();
    }

    /**
     * Fills {@code batch} with the next batch (the last one may be smaller in native mode).
     *
     * @return false when all pairs have been generated (the batch is then left empty)
     * @throws ShdInputException if a drawn sample holds bad data
     */
    public boolean next(ShdAddingBatch batch) {
        if (batch.capacity() < config.batchSize() || batch.stepsPerDigit() != samples.binning().numBins()
            || batch.numChannels() != samples.numChannels()) {
            throw new IllegalArgumentException("batch: expected one from newBatch() (" + config.batchSize() + " pairs, T "
                + samples.binning().numBins() + ", " + samples.numChannels() + " channels), found capacity " + batch.capacity()
                + ", T " + batch.stepsPerDigit() + ", " + batch.numChannels() + " channels");
        }
        if (!hasNext()) {
            batch.reset(nextPair, 0);
            return false;
        }
        int count = (int) Math.min(config.batchSize(), config.numPairs() - nextPair);
        batch.reset(nextPair, count);
        int[] first = batch.firstSamples();
        int[] second = batch.secondSamples();
        sampler.nextPairs(nextPair, count, first, second);

        long events = 0;
        for (int i = 0; i < count; i++) {
            events += samples.keys(first[i]).length + samples.keys(second[i]).length;
        }
        if (events > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("batch of " + count + " pairs holds " + events + " spikes, more than one Java array; use a smaller batch size");
        }
        batch.ensureEventCapacity((int) events);
        int stepsPerDigit = samples.binning().numBins();
        int bits = samples.channelBits();
        int mask = samples.channelMask();
        for (int i = 0; i < count; i++) {
            batch.setLabel(i, samples.label(first[i]) % 10 + samples.label(second[i]) % 10);
            batch.appendDigit(i, samples.keys(first[i]), 0, bits, mask);
            batch.appendDigit(i, samples.keys(second[i]), stepsPerDigit, bits, mask);
        }
        nextPair += count;
        return true;
    }
}
