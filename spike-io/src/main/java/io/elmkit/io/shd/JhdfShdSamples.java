package io.elmkit.io.shd;

import io.elmkit.io.check.InputLimits;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An SHD HDF5 file read with jhdf, as {@link ShdSamples} for the SHD tasks, the SHD-Adding generator
 * and {@code elmkit convert}. Two layouts are read:
 * <ul>
 *   <li>the SHD layout ({@code shd_train.h5}, {@code shd_test.h5}): {@code /spikes/times} and
 *   {@code /spikes/units} variable-length, one sequence per sample;</li>
 *   <li>the flat layout written by {@link ShdFlatWriter}: the same two paths as plain 1-d datasets
 *   plus {@code /spikes/offsets}.</li>
 * </ul>
 * Both have {@code /labels} and optionally {@code /extra/speaker}, {@code /extra/keys} and
 * {@code /extra/meta_info/*}. Dtypes are taken from the file: float16 times are widened exactly,
 * float32 kept, float64 rounded to float; integer units and labels of any width.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>{@link #open(Path)} reads only the labels, the metadata and the datasets' headers; each
 *   {@link #timesSeconds(int)} / {@link #units(int)} then decodes only that sample (the last
 *   {@value #CACHED_SAMPLES} are cached). The file stays open until {@link #close()}.</li>
 *   <li>{@link #read(Path)} decodes every sample at once and closes the file: the whole spike data
 *   is held in memory (8 bytes per spike). It first checks, in one pass over the file, that no
 *   global heap collection (the variable-length data) declares more bytes than the file holds: jhdf
 *   allocates a collection's declared size before reading it. The lazy path trusts those sizes
 *   (jhdf bounds one collection at 2 GiB).</li>
 * </ul>
 * Thread-safe: reads of a lazily opened file are serialised on one lock (jhdf's file access is not
 * made for concurrent use); a file read whole is immutable.
 *
 * <p>Refuses what is not an SHD file with a {@link ShdInputException} naming the file and the
 * dataset: no HDF5 signature, a truncated or corrupt file, a missing dataset, datasets of different
 * lengths, non-numeric spikes, non-integer or negative labels; units outside 0..699 and times that
 * are not finite or negative are refused as each sample is decoded. The tasks check labels against
 * their classes when they bin a sample.
 */
public final class JhdfShdSamples implements ShdSamples, AutoCloseable {
    /** SHD's cochlea model channels. */
    public static final int SHD_CHANNELS = 700;
    /** Decoded samples kept by a lazily opened file. */
    public static final int CACHED_SAMPLES = 64;

    /** How the spikes are stored. */
    public enum Layout {
        /** The SHD layout: variable-length {@code /spikes/times} and {@code /spikes/units}. */
        RAGGED,
        /** {@link ShdFlatWriter}'s layout: flat spike datasets and {@code /spikes/offsets}. */
        FLAT
    }

    private final String file;
    private final Layout layout;
    private final SpikeSource spikes;
    private final long[] labels;
    private final long[] speakers;
    private final String[] keys;
    private final Map<String, Object> metaInfo;
    /** Open while lazily reading; null for a file read whole. */
    private final HdfFile hdf;
    private final SampleCache cache;
    private final Object lock = new Object();
    private boolean closed;

    private JhdfShdSamples(String file, Layout layout, SpikeSource spikes, Metadata metadata, HdfFile hdf) {
        this.file = file;
        this.layout = layout;
        this.spikes = spikes;
        this.labels = metadata.labels;
        this.speakers = metadata.speakers;
        this.keys = metadata.keys;
        this.metaInfo = metadata.metaInfo;
        this.hdf = hdf;
        this.cache = hdf == null ? null : new SampleCache(CACHED_SAMPLES);
    }

    /**
     * Opens {@code path} for per-sample reading: decodes the labels and metadata only. Close it when
     * done.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws ShdInputException if it is not an SHD-layout (or flat-layout) HDF5 file
     */
    public static JhdfShdSamples open(Path path) throws IOException {
        String file = path.toString();
        return open(openHdf(path), file);
    }

    /**
     * Reads every sample of {@code path} into memory and closes the file.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws ShdInputException if it is not an SHD-layout (or flat-layout) HDF5 file
     */
    public static JhdfShdSamples read(Path path) throws IOException {
        String file = path.toString();
        try (HdfFile hdf = openHdf(path)) {
            try {
                requireComplete(hdf, file);
                Layout layout = layoutOf(hdf, file);
                SpikeSource lazy = spikeSource(hdf, file, layout);
                if (layout == Layout.RAGGED) {
                    GlobalHeapCheck.requireWithinFile(path, file, hdf.getHdfBackingStorage().getSizeOfLengths());
                }
                InMemorySpikeSource all = lazy instanceof RaggedSpikeSource
                    ? ((RaggedSpikeSource) lazy).readAll() : ((FlatSpikeSource) lazy).readAll();
                return new JhdfShdSamples(file, layout, all, Metadata.read(hdf, file, all.size()), null);
            } catch (RuntimeException e) {
                throw structureError(file, e);
            }
        }
    }

    /** Opens an already opened jhdf file lazily (tests give it a counting channel); closes it on failure. */
    static JhdfShdSamples open(HdfFile hdf, String file) {
        try {
            requireComplete(hdf, file);
            Layout layout = layoutOf(hdf, file);
            SpikeSource source = spikeSource(hdf, file, layout);
            return new JhdfShdSamples(file, layout, source, Metadata.read(hdf, file, source.size()), hdf);
        } catch (RuntimeException e) {
            ShdInputException error = structureError(file, e);
            try {
                hdf.close();
            } catch (RuntimeException closing) {
                error.addSuppressed(closing);
            }
            throw error;
        }
    }

    private static HdfFile openHdf(Path path) throws NoSuchFileException {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(file);
        }
        try {
            return new HdfFile(path);
        } catch (RuntimeException e) {
            throw structureError(file, e);
        }
    }

    /**
     * Refuses a file shorter than its superblock's end-of-file address: jhdf would read the missing
     * tail of a truncated file as zeros rather than fail.
     */
    private static void requireComplete(HdfFile hdf, String file) {
        Superblock superblock = hdf.getHdfBackingStorage().getSuperblock();
        long expected = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        long found = hdf.getHdfBackingStorage().size();
        if (found < expected) {
            throw new ShdInputException(file, "HDF5 superblock end-of-file address",
                "a file of " + expected + " bytes", found + " bytes (truncated)");
        }
    }

    private static ShdInputException structureError(String file, RuntimeException e) {
        if (e instanceof ShdInputException) {
            return (ShdInputException) e;
        }
        return JhdfErrors.withLowLevel(new ShdInputException(file, "HDF5 structure",
            "a readable SHD file (HDF5 with /spikes/times, /spikes/units, /labels)",
            "an unreadable, truncated or non-HDF5 file (" + JhdfErrors.lowLevel(e) + ")"), e);
    }

    private static Layout layoutOf(HdfFile hdf, String file) {
        ShdDatasets.require(hdf, file, RaggedSpikeSource.TIMES);
        return ShdDatasets.optional(hdf, file, FlatSpikeSource.OFFSETS) != null ? Layout.FLAT : Layout.RAGGED;
    }

    private static SpikeSource spikeSource(HdfFile hdf, String file, Layout layout) {
        Dataset times = ShdDatasets.require(hdf, file, RaggedSpikeSource.TIMES);
        Dataset units = ShdDatasets.require(hdf, file, RaggedSpikeSource.UNITS);
        return layout == Layout.FLAT
            ? FlatSpikeSource.of(file, times, units, ShdDatasets.require(hdf, file, FlatSpikeSource.OFFSETS))
            : RaggedSpikeSource.of(file, times, units);
    }

    /** Labels and the optional per-sample and per-speaker metadata: small, always read whole. */
    private static final class Metadata {
        long[] labels;
        long[] speakers;
        String[] keys;
        Map<String, Object> metaInfo = new LinkedHashMap<>();

        static Metadata read(HdfFile hdf, String file, int samples) {
            Metadata m = new Metadata();
            Dataset labelSet = ShdDatasets.require(hdf, file, "/labels");
            int labelCount = ShdDatasets.length1d(labelSet, file, "/labels", InputLimits.MAX_STREAMS);
            if (labelCount != samples) {
                throw new ShdInputException(file, "/labels", samples + " labels (one per sample)", labelCount + " labels");
            }
            m.labels = ShdArrays.longs(labelSet.getData(), file, "/labels");
            Dataset speakerSet = ShdDatasets.optional(hdf, file, "/extra/speaker");
            if (speakerSet != null) {
                m.speakers = ShdArrays.longs(speakerSet.getData(), file, "/extra/speaker");
                if (m.speakers.length != samples) {
                    throw new ShdInputException(file, "/extra/speaker", samples + " speakers (one per sample)",
                        m.speakers.length + " speakers");
                }
            }
            Dataset keySet = ShdDatasets.optional(hdf, file, "/extra/keys");
            Object keyData = keySet == null ? null : keySet.getData();
            m.keys = keyData instanceof String[] ? (String[]) keyData : null;
            // Labels are class indices, narrowed to int: the task checks them against its classes
            // (/extra/keys is no bound: files in the wild name fewer keys than they use).
            for (int i = 0; i < m.labels.length; i++) {
                if (m.labels[i] < 0 || m.labels[i] > Integer.MAX_VALUE) {
                    throw new ShdInputException(file, "/labels[" + i + "]", "a class index in 0.." + Integer.MAX_VALUE,
                        Long.toString(m.labels[i]));
                }
            }
            if (m.speakers != null) {
                for (int i = 0; i < m.speakers.length; i++) {
                    if (m.speakers[i] < -1 || m.speakers[i] > Integer.MAX_VALUE) {
                        throw new ShdInputException(file, "/extra/speaker[" + i + "]", "a speaker id in 0.." + Integer.MAX_VALUE,
                            Long.toString(m.speakers[i]));
                    }
                }
            }
            Node metaGroup = null;
            try {
                metaGroup = hdf.getByPath("/extra/meta_info");
            } catch (HdfInvalidPathException e) {
                // optional: SHD files without speaker metadata are still SHD files
            }
            if (metaGroup instanceof Group) {
                for (Node child : ((Group) metaGroup).getChildren().values()) {
                    if (child instanceof Dataset) {
                        Object data = ShdDatasets.requireDecodable(hdf, (Dataset) child, file,
                            "/extra/meta_info/" + child.getName()).getData();
                        m.metaInfo.put(child.getName(), data instanceof String[] ? data : integersOrAsIs(data));
                    }
                }
            }
            return m;
        }

        private static Object integersOrAsIs(Object data) {
            try {
                return ShdArrays.longs(data, "", "");
            } catch (ShdInputException e) {
                return data;
            }
        }
    }

    /** Which layout the file has. */
    public Layout layout() {
        return layout;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numChannels() {
        return SHD_CHANNELS;
    }

    /** Label of sample {@code index}: checked when the file was opened (0 .. int range). */
    @Override
    public int label(int index) {
        return (int) labels[index];
    }

    /**
     * {@inheritDoc}
     *
     * @throws ShdInputException naming the file and dataset element when it cannot be decoded
     */
    @Override
    public float[] timesSeconds(int index) {
        return sample(index).timesSeconds().clone();
    }

    /**
     * {@inheritDoc}
     *
     * @throws ShdInputException naming the file and dataset element when it cannot be decoded
     */
    @Override
    public int[] units(int index) {
        return sample(index).units().clone();
    }

    private ShdSample sample(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException(file + ": sample " + index + " of " + labels.length);
        }
        if (hdf == null) {
            return spikes.read(index);
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(file + ": closed");
            }
            ShdSample sample = cache.get(index);
            if (sample == null) {
                sample = spikes.read(index);
                cache.put(index, sample);
            }
            return sample;
        }
    }

    @Override
    public String source() {
        return file;
    }

    /** Speaker of sample {@code index} ({@code /extra/speaker}), or -1 when the file has none. */
    public int speaker(int index) {
        return speakers == null ? -1 : (int) speakers[index];
    }

    /** Class names ({@code /extra/keys}, e.g. "english zero"), or an empty array when the file has none. */
    public String[] keys() {
        return keys == null ? new String[0] : keys.clone();
    }

    /**
     * Per-speaker metadata ({@code /extra/meta_info/*}: gender as strings, age and body height as
     * long[]), by dataset name; empty when the file has none.
     */
    public Map<String, Object> metaInfo() {
        return Collections.unmodifiableMap(metaInfo);
    }

    /** Closes the file of a lazily opened instance (then samples can no longer be read); no-op otherwise. */
    @Override
    public void close() {
        if (hdf != null) {
            synchronized (lock) {
                if (!closed) {
                    closed = true;
                    hdf.close();
                }
            }
        }
    }
}
