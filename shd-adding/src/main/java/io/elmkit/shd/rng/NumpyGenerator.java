package io.elmkit.shd.rng;

import java.math.BigInteger;

/**
 * The part of {@code numpy.random.Generator} (on {@code PCG64}) the SHD-Adding reference uses:
 * {@code default_rng(seed)} and {@code integers(low, high, size)} with the default int64 dtype,
 * bit for bit.
 *
 * <p>NumPy draws on the closed range [low, high - 1] with {@code rng = high - 1 - low}:
 * <ul>
 *   <li>rng == 0: every value is low, nothing is drawn;</li>
 *   <li>rng &lt; 2^32 - 1: Lemire's multiply-and-reject on 32-bit draws ({@link Pcg64#nextInt()},
 *       so two values per 64-bit output, the spare half carried into the next call);</li>
 *   <li>rng == 2^32 - 1: the 32-bit draw itself;</li>
 *   <li>2^32 - 1 &lt; rng &lt; 2^64 - 1: Lemire on 64-bit draws with a 128-bit product;</li>
 *   <li>rng == 2^64 - 1: the 64-bit draw itself.</li>
 * </ul>
 */
public final class NumpyGenerator {
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final Pcg64 bitGenerator;

    /** A generator on the given bit generator (shared, not copied). */
    public NumpyGenerator(Pcg64 bitGenerator) {
        this.bitGenerator = bitGenerator;
    }

    /** {@code numpy.random.default_rng(seed)} for a non-negative seed. */
    public static NumpyGenerator defaultRng(long seed) {
        return new NumpyGenerator(new Pcg64(new SeedSequence(seed)));
    }

    /** {@code numpy.random.default_rng(seed)} for a non-negative seed of any size. */
    public static NumpyGenerator defaultRng(BigInteger seed) {
        return new NumpyGenerator(new Pcg64(new SeedSequence(seed)));
    }

    /** The underlying bit generator. */
    public Pcg64 bitGenerator() {
        return bitGenerator;
    }

    /** {@code integers(low, high, size=size)}: a new array of int64 values in [low, high). */
    public long[] integers(long low, long high, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size: expected >= 0, found " + size);
        }
        long[] out = new long[size];
        integers(low, high, out, 0, size);
        return out;
    }

    /**
     * {@code integers(low, high, size=count)} written into {@code out[offset .. offset + count)};
     * allocation-free. Consumes exactly the bits NumPy's call of the same size consumes.
     *
     * @throws IllegalArgumentException if {@code low >= high} (NumPy: "low >= high")
     */
    public void integers(long low, long high, long[] out, int offset, int count) {
        if (low >= high) {
            throw new IllegalArgumentException("integers: expected low < high, found low " + low + ", high " + high);
        }
        long range = high - 1 - low; // unsigned: fits, since high - 1 - low < 2^64
        if (range == 0) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = low;
            }
        } else if (Long.compareUnsigned(range, UINT32_MAX) < 0) {
            int rangeExclusive = (int) (range + 1);
            for (int i = 0; i < count; i++) {
                out[offset + i] = low + boundedLemire32(rangeExclusive);
            }
        } else if (range == UINT32_MAX) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = low + (bitGenerator.nextInt() & UINT32_MAX);
            }
        } else if (range == -1L) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = low + bitGenerator.nextLong();
            }
        } else {
            long rangeExclusive = range + 1;
            for (int i = 0; i < count; i++) {
                out[offset + i] = low + boundedLemire64(rangeExclusive);
            }
        }
    }

    /**
     * A uniform value in [0, rangeExclusive) for 1 &lt; rangeExclusive &lt; 2^32 (an unsigned int):
     * m = draw * rangeExclusive; reject while the low 32 bits of m fall below 2^32 mod rangeExclusive
     * (checked only when they fall below rangeExclusive, an upper bound); return m's high 32 bits.
     */
    private long boundedLemire32(int rangeExclusive) {
        long bound = rangeExclusive & UINT32_MAX;
        long m = (bitGenerator.nextInt() & UINT32_MAX) * bound;
        long leftover = m & UINT32_MAX;
        if (leftover < bound) {
            long threshold = (UINT32_MAX - (bound - 1)) % bound;
            while (leftover < threshold) {
                m = (bitGenerator.nextInt() & UINT32_MAX) * bound;
                leftover = m & UINT32_MAX;
            }
        }
        return m >>> 32;
    }

    /** As {@link #boundedLemire32(int)} with 64-bit draws and an unsigned 128-bit product. */
    private long boundedLemire64(long rangeExclusive) {
        long draw = bitGenerator.nextLong();
        long leftover = draw * rangeExclusive;
        if (Long.compareUnsigned(leftover, rangeExclusive) < 0) {
            long threshold = Long.remainderUnsigned(-1L - (rangeExclusive - 1), rangeExclusive);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                draw = bitGenerator.nextLong();
                leftover = draw * rangeExclusive;
            }
        }
        return Pcg64.unsignedMultiplyHigh(draw, rangeExclusive);
    }

    /** {@code Generator.random()}: a double in [0, 1) from the top 53 bits of one 64-bit draw. */
    public double random() {
        return (bitGenerator.nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * {@code Generator.binomial(1, p, size)}: NumPy's inversion sampler, which for one trial draws
     * one uniform U per entry and returns U > (1 - p) (computed as exp(log(1 - p)), as NumPy does);
     * for p > 0.5 it samples the complement.
     */
    public long[] bernoulli(double p, int size) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("binomial p must be in [0, 1], got " + p);
        }
        long[] out = new long[size];
        if (p == 0) {
            return out;
        }
        boolean complement = p > 0.5;
        double pp = complement ? 1.0 - p : p;
        double qn = StrictMath.exp(StrictMath.log(1.0 - pp));
        for (int i = 0; i < size; i++) {
            long x = random() > qn ? 1 : 0;
            out[i] = complement ? 1 - x : x;
        }
        return out;
    }
}
