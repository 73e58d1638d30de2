package io.elmkit.io.check;

/**
 * The limits every reader checks a declared size or count against <em>before</em> allocating or
 * looping: a small file must not be able to claim gigabytes or hours of work. Each limit is far
 * above any real data set (SHD: 8,156 samples of at most ~1.4 s, NeuronIO: 6 s at 1 ms), and each
 * can be raised for a run with the system property named beside it (e.g.
 * {@code ELMKIT_JAVA_OPTS=-Delmkit.limit.steps=100000000}).
 */
public final class InputLimits {
    /** Elements of one Java array: the JVM's own bound, less header room. */
    public static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Steps of one stream or sample ({@code elmkit.limit.steps}, default 2^26 = 67,108,864: 18.6 h at 1 ms). */
    public static final long MAX_STEPS = Long.getLong("elmkit.limit.steps", 1L << 26);

    /** Streams or samples in one file ({@code elmkit.limit.streams}, default 2^24 = 16,777,216). */
    public static final long MAX_STREAMS = Long.getLong("elmkit.limit.streams", 1L << 24);

    /** Input channels of one stream ({@code elmkit.limit.channels}, default 2^20 = 1,048,576). */
    public static final long MAX_CHANNELS = Long.getLong("elmkit.limit.channels", 1L << 20);

    /**
     * Bytes one decompressed entry, pickle or dataset may take in memory ({@code elmkit.limit.bytes},
     * default 2^33 = 8 GiB); a compressed entry is also never inflated past the size it declares.
     */
    public static final long MAX_BYTES = Long.getLong("elmkit.limit.bytes", 1L << 33);

    /** Nesting depth of lists, dicts and tuples in pickles and JSON ({@code elmkit.limit.depth}, default 1,000). */
    public static final int MAX_DEPTH = Integer.getInteger("elmkit.limit.depth", 1000);

    private InputLimits() {
    }
}
