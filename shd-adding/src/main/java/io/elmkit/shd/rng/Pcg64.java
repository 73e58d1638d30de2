package io.elmkit.shd.rng;

import java.math.BigInteger;

/**
 * NumPy's {@code PCG64} bit generator: a 128-bit linear congruential generator with the XSL-RR
 * output function, plus NumPy's one-word buffer that splits a 64-bit output into two 32-bit ones
 * (low half first, high half on the next {@link #nextInt()} call, kept across calls).
 *
 * <p>The 128-bit state and increment are held as high/low {@code long} pairs; every operation is
 * unsigned 128-bit arithmetic modulo 2^128. Not thread-safe: one generator per thread.
 */
public final class Pcg64 {
    /** PCG's default 128-bit multiplier, high and low 64 bits. */
    private static final long MULT_HIGH = 2549297995355413924L;
    private static final long MULT_LOW = 4865540595714422341L;

    private long stateHigh;
    private long stateLow;
    private long incHigh;
    private long incLow;
    private boolean hasBufferedInt;
    private int bufferedInt;

    /**
     * Seeds as {@code numpy.random.PCG64(seedSequence)}: four 64-bit words from
     * {@code generate_state(4, uint64)} give the initial state (words 0, 1 = high, low) and the
     * stream selector (words 2, 3), then PCG's {@code srandom}: state = 0, inc = 2 * selector + 1,
     * one step, state += initial state, one step.
     */
    public Pcg64(SeedSequence seedSequence) {
        long[] words = seedSequence.generateState64(4);
        seed(words[0], words[1], words[2], words[3]);
    }

    /** Seeds from an initial state and a stream selector, as PCG's {@code srandom}. */
    public Pcg64(long initStateHigh, long initStateLow, long initSeqHigh, long initSeqLow) {
        seed(initStateHigh, initStateLow, initSeqHigh, initSeqLow);
    }

    private void seed(long initStateHigh, long initStateLow, long initSeqHigh, long initSeqLow) {
        stateHigh = 0;
        stateLow = 0;
        incHigh = (initSeqHigh << 1) | (initSeqLow >>> 63);
        incLow = (initSeqLow << 1) | 1L;
        step();
        long low = stateLow + initStateLow;
        stateHigh = stateHigh + initStateHigh + (Long.compareUnsigned(low, stateLow) < 0 ? 1 : 0);
        stateLow = low;
        step();
        hasBufferedInt = false;
        bufferedInt = 0;
    }

    /** state = state * MULT + inc (mod 2^128). */
    private void step() {
        long productLow = stateLow * MULT_LOW;
        long productHigh = unsignedMultiplyHigh(stateLow, MULT_LOW) + stateLow * MULT_HIGH + stateHigh * MULT_LOW;
        long low = productLow + incLow;
        stateHigh = productHigh + incHigh + (Long.compareUnsigned(low, productLow) < 0 ? 1 : 0);
        stateLow = low;
    }

    /** The next 64 random bits: advance, then XSL-RR of the new state (as NumPy's pcg64_next64). */
    public long nextLong() {
        step();
        long xored = stateHigh ^ stateLow;
        int rotation = (int) (stateHigh >>> 58);
        return Long.rotateRight(xored, rotation);
    }

    /**
     * The next 32 random bits (unsigned, in a Java int), as NumPy's {@code pcg64_next32}: the low half
     * of a fresh 64-bit output, or the buffered high half of the previous one.
     */
    public int nextInt() {
        if (hasBufferedInt) {
            hasBufferedInt = false;
            return bufferedInt;
        }
        long next = nextLong();
        hasBufferedInt = true;
        bufferedInt = (int) (next >>> 32);
        return (int) next;
    }

    /** The 128-bit state as an unsigned integer (NumPy's {@code state['state']['state']}). */
    public BigInteger state() {
        return unsigned128(stateHigh, stateLow);
    }

    /** The 128-bit increment as an unsigned integer (NumPy's {@code state['state']['inc']}). */
    public BigInteger increment() {
        return unsigned128(incHigh, incLow);
    }

    /** Whether a buffered 32-bit half is pending (NumPy's {@code has_uint32}). */
    public boolean hasBufferedInt() {
        return hasBufferedInt;
    }

    /**
     * The last buffered 32-bit half (NumPy's {@code uinteger}); like NumPy's, it keeps its value after
     * being used, so it is pending only while {@link #hasBufferedInt()}.
     */
    public int bufferedInt() {
        return bufferedInt;
    }

    private static BigInteger unsigned128(long high, long low) {
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }

    /** High 64 bits of the unsigned 128-bit product (Java 17 has only the signed multiplyHigh). */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
