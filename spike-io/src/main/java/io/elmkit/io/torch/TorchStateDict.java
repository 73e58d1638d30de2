package io.elmkit.io.torch;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.CheckedZipEntry;
import io.elmkit.io.npy.Npy;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.PickleException;

/**
 * PyTorch state dicts in the {@code torch.save} zip format: {@code <prefix>/data.pkl} (a pickle of
 * an OrderedDict of tensors whose storages are persistent ids) and {@code <prefix>/data/<key>}
 * (raw little-endian storages). Reading goes through Pyrolite with an allow-list of globals
 * ({@link StateDictUnpickler}); writing produces what {@code torch.load} reads.
 */
public final class TorchStateDict {
    private TorchStateDict() {
    }

    /** Reads a state dict: tensor name to C-ordered array, in the file's key order. */
    public static LinkedHashMap<String, NdArray> read(Path file) throws IOException {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(source, null, "state dict not found");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new InputFormatException(source, "archive", "a torch.save zip archive (torch >= 1.6; legacy"
                + " non-zip .pt files are not supported)", "no readable zip directory (" + e.getMessage() + ")");
        }
        try (zip) {
            ZipEntry pickle = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (name.equals("data.pkl") || (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9)) {
                    if (pickle != null) {
                        throw new InputFormatException(source, "two data.pkl entries (" + pickle.getName() + ", " + name
                            + "): not a single state dict");
                    }
                    pickle = e;
                }
            }
            if (pickle == null) {
                throw new InputFormatException(source, "no <folder>/data.pkl entry: not a torch.save archive");
            }
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            byte[] pickleBytes = readEntry(zip, pickle, source);
            StateDictUnpickler unpickler = new StateDictUnpickler(source, key -> {
                ZipEntry e = zip.getEntry(prefix + "data/" + key);
                if (e == null) {
                    throw new InputFormatException(source, "storage entry " + prefix + "data/" + key + " is missing");
                }
                return readEntry(zip, e, source);
            });
            // Lengths, nesting and numbers are checked before Pyrolite allocates anything they declare.
            PickleGuard.check(pickleBytes, source, pickle.getName());
            Object root;
            try {
                root = unpickler.loads(pickleBytes);
            } catch (PickleException e) {
                if (e.getCause() instanceof io.elmkit.io.check.InputFormatException) {
                    throw (io.elmkit.io.check.InputFormatException) e.getCause();
                }
                if (e.getCause() instanceof IOException) {
                    throw (IOException) e.getCause();
                }
                throw new InputFormatException(source, pickle.getName() + ": " + e.getMessage());
            } catch (ClassCastException e) {
                throw new InputFormatException(source, pickle.getName(), "a pickle of a state dict",
                    "an opcode applied to the wrong kind of object (malformed pickle)");
            } catch (IndexOutOfBoundsException | java.util.NoSuchElementException e) {
                throw new InputFormatException(source, pickle.getName(), "a pickle of a state dict",
                    "an opcode with too few objects on the stack (malformed pickle)");
            } catch (IOException | RuntimeException e) {
                if (e instanceof io.elmkit.io.check.InputFormatException) {
                    throw (io.elmkit.io.check.InputFormatException) e;
                }
                throw new InputFormatException(source, pickle.getName(), "a pickle of a state dict",
                    "a malformed one (" + e.getClass().getSimpleName().replace("Exception", "") + ")");
            }
            if (!(root instanceof Map)) {
                throw new InputFormatException(source, "the pickle holds " + (root == null ? "None" : root.getClass()
                    .getSimpleName()) + ", not a dict of tensors (a state dict)");
            }
            LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
                if (!(e.getKey() instanceof String) || !(e.getValue() instanceof NdArray)) {
                    throw new InputFormatException(source, "entry " + StateDictUnpickler.brief(e.getKey()),
                        "a tensor under a string key (a plain state dict)", StateDictUnpickler.brief(e.getValue()));
                }
                out.put((String) e.getKey(), (NdArray) e.getValue());
            }
            return out;
        }
    }

    /** An entry's bytes: bounded by its declared size and the byte limit, CRC-32 checked. */
    private static byte[] readEntry(ZipFile zip, ZipEntry e, String source) throws IOException {
        return CheckedZipEntry.readAll(zip, e, source, InputLimits.MAX_BYTES);
    }

    /**
     * Writes a state dict that {@code torch.load} reads and {@code load_state_dict(strict=True)}
     * accepts: an OrderedDict of contiguous tensors, one storage each, under folder {@code archive/}.
     */
    public static void write(Path file, Map<String, NdArray> tensors) throws IOException {
        String folder = "archive/";
        List<NdArray> storages = new ArrayList<>(tensors.values());
        byte[] pickle = pickle(tensors);
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.setMethod(ZipOutputStream.STORED);
            putStored(zip, folder + "data.pkl", pickle);
            putStored(zip, folder + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                Npy.writeData(bytes, storages.get(i));
                putStored(zip, folder + "data/" + i, bytes.toByteArray());
            }
            putStored(zip, folder + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void putStored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(315532800000L); // 1980-01-01, as torch writes: reproducible archives
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** The data.pkl of a state dict, pickle protocol 2 as torch writes it: contiguous tensors, one storage each. */
    static byte[] pickle(Map<String, NdArray> tensors) {
        List<TensorRef> refs = new ArrayList<>();
        for (Map.Entry<String, NdArray> e : tensors.entrySet()) {
            refs.add(contiguous(e.getKey(), e.getValue(), Integer.toString(refs.size())));
        }
        return pickle(refs);
    }

    /**
     * One state-dict item as torch pickles it: a tensor viewing a storage.
     *
     * @param name         the state dict's key
     * @param storageClass the storage's torch class ({@code FloatStorage}, {@code LongStorage}, ...)
     * @param key          the storage's name in the archive ({@code data/<key>})
     * @param numel        the storage's length in elements
     * @param offset       the tensor's first element in the storage
     * @param size         the tensor's shape
     * @param stride       the tensor's strides in elements
     */
    public record TensorRef(String name, String storageClass, String key, long numel, long offset, long[] size,
        long[] stride) {
    }

    /**
     * The item of a contiguous tensor that views all of storage {@code key}, as torch.save writes a
     * freshly made tensor.
     *
     * @param name the state dict's key
     * @param a    the tensor (its dtype picks the storage class)
     * @param key  the storage's name in the archive
     * @return the item
     */
    public static TensorRef contiguous(String name, NdArray a, String key) {
        int[] shape = a.shape();
        long[] size = new long[shape.length];
        long[] stride = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            size[d] = shape[d];
            stride[d] = s;
            s *= shape[d];
        }
        return new TensorRef(name, StorageType.byDType(a.dtype()).className, key, a.size(), 0, size, stride);
    }

    /**
     * The data.pkl of an OrderedDict of tensors as torch pickles it (protocol 2, _rebuild_tensor_v2),
     * the items in list order; any layout, so tests can also write the hostile ones.
     *
     * @param tensors the items
     * @return the pickle's bytes
     */
    public static byte[] pickle(List<TensorRef> tensors) {
        PickleWriter w = new PickleWriter();
        w.proto(2);
        w.global("collections", "OrderedDict");
        w.emptyTuple();
        w.reduce();
        w.mark();
        for (TensorRef t : tensors) {
            w.unicode(t.name());
            w.global("torch._utils", "_rebuild_tensor_v2");
            w.mark();
            // persistent id ('storage', torch.XStorage, key, location, numel)
            w.mark();
            w.unicode("storage");
            w.global("torch", t.storageClass());
            w.unicode(t.key());
            w.unicode("cpu");
            w.integer(t.numel());
            w.tuple();
            w.binPersId();
            w.integer(t.offset());
            w.mark();
            for (long d : t.size()) {
                w.integer(d);
            }
            w.tuple();
            w.mark();
            for (long d : t.stride()) {
                w.integer(d);
            }
            w.tuple();
            w.bool(false);
            w.global("collections", "OrderedDict");
            w.emptyTuple();
            w.reduce();
            w.tuple();
            w.reduce();
        }
        w.setItems();
        w.stop();
        return w.toByteArray();
    }
}
