package io.elmkit.io.shd;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An SHD HDF5 file ({@code /spikes/times}, {@code /spikes/units} ragged, {@code /labels}) read whole
 * with jhdf, dtypes taken from the file (float16/32/64 times, any integer units and labels), as
 * {@link ShdSamples} for the SHD tasks, the SHD-Adding generator and {@code elmkit convert}.
 *
 * <p>Refuses what is not an SHD file with a {@link ShdInputException} naming the file and the
 * dataset: no HDF5 signature, a truncated file, a missing dataset, datasets of different lengths,
 * non-integer units or labels. Values (unit and label ranges, times) are checked by the consumers
 * (the SHD-Adding binning) when samples are used.
 */
public final class JhdfShdSamples implements ShdSamples {
    /** SHD's cochlea model channels. */
    public static final int SHD_CHANNELS = 700;

    private final String file;
    private final Object[] times;
    private final Object[] units;
    private final long[] labels;
    private final long[] speakers;
    private final String[] keys;
    private final java.util.Map<String, Object> metaInfo;

    private JhdfShdSamples(String file, Object[] times, Object[] units, long[] labels, long[] speakers, String[] keys,
                           java.util.Map<String, Object> metaInfo) {
        this.file = file;
        this.times = times;
        this.units = units;
        this.labels = labels;
        this.speakers = speakers;
        this.keys = keys;
        this.metaInfo = metaInfo;
    }

    /**
     * Reads {@code path}.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws ShdInputException if it is not an SHD-layout HDF5 file
     */
    public static JhdfShdSamples read(Path path) throws IOException {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(file);
        }
        try (HdfFile hdf = new HdfFile(path)) {
            Object[] times = ragged(hdf, file, "/spikes/times");
            Object[] units = ragged(hdf, file, "/spikes/units");
            Object labelData = dataset(hdf, file, "/labels").getData();
            long[] labels = integers(labelData, file, "/labels");
            if (units.length != times.length) {
                throw new ShdInputException(file, "/spikes/units", times.length + " samples (as /spikes/times)", units.length + " samples");
            }
            if (labels.length != times.length) {
                throw new ShdInputException(file, "/labels", times.length + " labels (one per sample)", labels.length + " labels");
            }
            for (int i = 0; i < units.length; i++) {
                if (!(units[i] instanceof int[] || units[i] instanceof long[] || units[i] instanceof short[] || units[i] instanceof byte[])) {
                    throw new ShdInputException(file, "/spikes/units[" + i + "]", "integer channels", describe(units[i]));
                }
                if (!(times[i] instanceof float[] || times[i] instanceof double[])) {
                    throw new ShdInputException(file, "/spikes/times[" + i + "]", "floating-point seconds", describe(times[i]));
                }
            }
            long[] speakers = null;
            Dataset speakerSet = optional(hdf, "/extra/speaker");
            if (speakerSet != null) {
                speakers = integers(speakerSet.getData(), file, "/extra/speaker");
                if (speakers.length != labels.length) {
                    throw new ShdInputException(file, "/extra/speaker", labels.length + " speakers (one per sample)",
                        speakers.length + " speakers");
                }
            }
            Dataset keySet = optional(hdf, "/extra/keys");
            String[] keys = keySet != null && keySet.getData() instanceof String[] ? (String[]) keySet.getData() : null;
            java.util.Map<String, Object> meta = new java.util.LinkedHashMap<>();
            Node metaGroup = null;
            try {
                metaGroup = hdf.getByPath("/extra/meta_info");
            } catch (HdfInvalidPathException e) {
                // optional
            }
            if (metaGroup instanceof io.jhdf.api.Group) {
                for (Node child : ((io.jhdf.api.Group) metaGroup).getChildren().values()) {
                    if (child instanceof Dataset) {
                        Object data = ((Dataset) child).getData();
                        meta.put(child.getName(), data instanceof String[] ? data : integersOrNull(data));
                    }
                }
            }
            return new JhdfShdSamples(file, times, units, labels, speakers, keys, meta);
        } catch (HdfException e) {
            throw new ShdInputException(file, "HDF5 structure", "a readable SHD file (HDF5 with /spikes/times, /spikes/units, /labels)",
                "an unreadable, truncated or non-HDF5 file (" + e.getMessage() + ")");
        }
    }

    private static Dataset optional(HdfFile hdf, String path) {
        try {
            Node node = hdf.getByPath(path);
            return node instanceof Dataset ? (Dataset) node : null;
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    private static Object integersOrNull(Object data) {
        try {
            return integers(data, "", "");
        } catch (ShdInputException e) {
            return data;
        }
    }

    private static Dataset dataset(HdfFile hdf, String file, String path) {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (HdfInvalidPathException e) {
            throw new ShdInputException(file, path, "a dataset (SHD layout)", "none");
        }
        if (!(node instanceof Dataset)) {
            throw new ShdInputException(file, path, "a dataset (SHD layout)", "a " + node.getType());
        }
        return (Dataset) node;
    }

    private static Object[] ragged(HdfFile hdf, String file, String path) {
        Dataset dataset = dataset(hdf, file, path);
        Object data = dataset.getData();
        if (!(data instanceof Object[]) || dataset.getDimensions().length != 1) {
            throw new ShdInputException(file, path, "a 1-d variable-length dataset (one array per sample)",
                describe(data) + " of shape " + java.util.Arrays.toString(dataset.getDimensions()));
        }
        return (Object[]) data;
    }

    private static long[] integers(Object data, String file, String path) {
        if (data instanceof int[]) {
            int[] a = (int[]) data;
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof long[]) {
            return (long[]) data;
        }
        if (data instanceof short[] || data instanceof byte[]) {
            int n = java.lang.reflect.Array.getLength(data);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = ((Number) java.lang.reflect.Array.get(data, i)).longValue();
            }
            return out;
        }
        throw new ShdInputException(file, path, "a 1-d integer dataset", describe(data));
    }

    private static String describe(Object data) {
        return data == null ? "no data" : data.getClass().getSimpleName() + " data";
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numChannels() {
        return SHD_CHANNELS;
    }

    /** Label of sample {@code index}; a value outside the int range is reported as -1 (then refused as a label). */
    @Override
    public int label(int index) {
        long label = labels[index];
        return label == (int) label ? (int) label : -1;
    }

    @Override
    public float[] timesSeconds(int index) {
        Object t = times[index];
        if (t instanceof float[]) {
            return ((float[]) t).clone();
        }
        double[] d = (double[]) t;
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    @Override
    public int[] units(int index) {
        Object u = units[index];
        if (u instanceof int[]) {
            return ((int[]) u).clone();
        }
        int n = java.lang.reflect.Array.getLength(u);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long v = ((Number) java.lang.reflect.Array.get(u, i)).longValue();
            out[i] = v == (int) v ? (int) v : -1;
        }
        return out;
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
    public java.util.Map<String, Object> metaInfo() {
        return java.util.Collections.unmodifiableMap(metaInfo);
    }
}
