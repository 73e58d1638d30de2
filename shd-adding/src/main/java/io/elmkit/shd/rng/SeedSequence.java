package io.elmkit.shd.rng;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * NumPy's {@code numpy.random.SeedSequence} for a single non-negative integer entropy and no spawn
 * key: the entropy is split into 32-bit words (lowest first), hashed into a pool of four 32-bit
 * words, and {@link #generateState32(int)} / {@link #generateState64(int)} derive seeding words from
 * that pool exactly as NumPy does (same constants, same word order, little-endian pairing of 32-bit
 * words into 64-bit ones). With it, {@code new Pcg64(new SeedSequence(seed))} starts in the same
 * state as {@code numpy.random.default_rng(seed)}.
 *
 * <p>All arithmetic is on unsigned 32-bit words, held in Java {@code int}s (multiplication and
 * addition wrap identically for signed and unsigned, shifts use {@code >>>}).
 */
public final class SeedSequence {
    /** Pool words; NumPy's default pool size (128 bits). */
    public static final int POOL_SIZE = 4;

    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final BigInteger entropy;
    private final int[] pool = new int[POOL_SIZE];

    /** A seed sequence for a non-negative {@code long} entropy, as {@code SeedSequence(entropy)}. */
    public SeedSequence(long entropy) {
        this(BigInteger.valueOf(entropy));
    }

    /**
     * A seed sequence for a non-negative integer entropy of any size, as
     * {@code SeedSequence(entropy)}.
     *
     * @throws IllegalArgumentException if {@code entropy} is negative (NumPy refuses it too)
     */
    public SeedSequence(BigInteger entropy) {
        if (entropy.signum() < 0) {
            throw new IllegalArgumentException("seed: expected a non-negative integer, found " + entropy);
        }
        this.entropy = entropy;
        mixEntropy(toWords(entropy));
    }

    /** The entropy this sequence was made from. */
    public BigInteger entropy() {
        return entropy;
    }

    /** A copy of the mixed entropy pool (unsigned 32-bit words in Java ints). */
    public int[] pool() {
        return pool.clone();
    }

    /** {@code generate_state(nWords, np.uint32)}: unsigned 32-bit words in Java ints. */
    public int[] generateState32(int nWords) {
        if (nWords < 0) {
            throw new IllegalArgumentException("nWords: expected >= 0, found " + nWords);
        }
        int[] state = new int[nWords];
        int hashConst = INIT_B;
        for (int i = 0; i < nWords; i++) {
            int value = pool[i % POOL_SIZE];
            value ^= hashConst;
            hashConst *= MULT_B;
            value *= hashConst;
            value ^= value >>> XSHIFT;
            state[i] = value;
        }
        return state;
    }

    /**
     * {@code generate_state(nWords, np.uint64)}: twice as many 32-bit words, paired little-endian
     * (word {@code 2i} is the low half of 64-bit word {@code i}), as unsigned 64-bit Java longs.
     */
    public long[] generateState64(int nWords) {
        int[] words = generateState32(Math.multiplyExact(nWords, 2));
        long[] state = new long[nWords];
        for (int i = 0; i < nWords; i++) {
            state[i] = (words[2 * i] & 0xFFFF_FFFFL) | ((long) words[2 * i + 1] << 32);
        }
        return state;
    }

    /** NumPy's {@code _int_to_uint32_array}: 32-bit words, lowest first; zero gives one zero word. */
    static int[] toWords(BigInteger value) {
        if (value.signum() == 0) {
            return new int[] {0};
        }
        int count = (value.bitLength() + 31) / 32;
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = value.shiftRight(32 * i).intValue();
        }
        return words;
    }

    private void mixEntropy(int[] entropyWords) {
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashMix(i < entropyWords.length ? entropyWords[i] : 0, hashConst);
        }
        // Mix every pool word into every other one so late words affect early ones.
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashMix(pool[src], hashConst));
                }
            }
        }
        // Entropy beyond the pool size is folded into each pool word.
        for (int src = POOL_SIZE; src < entropyWords.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashMix(entropyWords[src], hashConst));
            }
        }
    }

    private static int hashMix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        value ^= value >>> XSHIFT;
        return value;
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        result ^= result >>> XSHIFT;
        return result;
    }

    @Override
    public String toString() {
        return "SeedSequence(entropy=" + entropy + ", pool=" + Arrays.toString(pool) + ")";
    }
}
