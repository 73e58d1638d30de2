package io.elmkit.cli;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.torch.TorchStateDict;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.TestBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes the hostile corpus of the array and model readers (.npy, .npz, .pt, model_config.json,
 * events .npz) to a directory, each file with the elmkit command line that reads it and the words
 * its one-line error must hold. Every file is made here, byte by byte where a writer would refuse
 * to produce it (forged CRC-32s and sizes, pickles claiming gigabytes), so the corpus is generated
 * by code in the repository, not committed as blobs.
 *
 * <p>{@code java ... io.elmkit.cli.HostileArraysCorpus DIR} writes it and prints one line per case.
 */
public final class HostileArraysCorpus {
    /** One hostile file: the file the error must name, the arguments of elmkit, words the error must hold. */
    record Case(String name, Path file, String[] args, String[] mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final int NUM_INPUT = 4;
    static final int NUM_OUTPUT = 2;

    private final Path dir;
    private final List<Case> cases = new ArrayList<>();
    private Path model;
    private Map<String, NdArray> state;

    private HostileArraysCorpus(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HostileArraysCorpus DIR");
            System.exit(2);
        }
        for (Case c : write(Path.of(args[0]))) {
            System.out.println(c.name() + "\telmkit " + String.join(" ", c.args()));
        }
    }

    /** Writes every case under {@code dir} (created if needed; only files of these names are written). */
    static List<Case> write(Path dir) throws IOException {
        HostileArraysCorpus c = new HostileArraysCorpus(dir);
        Files.createDirectories(dir);
        c.goodModel();
        c.npy();
        c.npz();
        c.pt();
        c.config();
        c.events();
        return c.cases;
    }

    // ------------------------------------------------------------------ a valid model and helpers

    private void goodModel() throws IOException {
        ElmConfig config = ElmConfig.builder(NUM_INPUT, NUM_OUTPUT).numMemory(3).build();
        ElmModel m = ElmModel.initialise(config, 7);
        model = dir.resolve("good-model");
        ModelDirectory.save(m, model);
        state = m.toStateDict();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private void add(String name, Path file, String[] args, String... mentions) {
        cases.add(new Case(name, file, args, mentions));
    }

    private String[] predict(Path x) {
        return new String[] {"predict", "--model", model.toString(), "--input", x.toString(), "--output",
            dir.resolve("out/y.npy").toString()};
    }

    private static byte[] npy(DType dtype, int[] shape, byte[] data) {
        byte[] h = Npy.header(dtype, shape);
        byte[] out = new byte[h.length + data.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(data, 0, out, h.length, data.length);
        return out;
    }

    /** A .npy with a header dict of our choosing (version 1.0, padded as NumPy pads). */
    private static byte[] npyWithHeader(String dict, byte[] data) {
        StringBuilder d = new StringBuilder(dict);
        while ((10 + d.length() + 1) % 64 != 0) {
            d.append(' ');
        }
        d.append('\n');
        byte[] text = d.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text).put(data);
        return b.array();
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static byte[] npyBytes(NdArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ .npy

    private void npy() throws IOException {
        float[] ok = new float[3 * NUM_INPUT];
        add("npy bad magic", file("npy_bad_magic.npy", "PK\u0003\u0004 not numpy at all".getBytes(StandardCharsets.ISO_8859_1)),
            null, "magic");
        add("npy bad header dict", file("npy_bad_header.npy",
            npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4 }", floats(ok))), null, "header");
        add("npy unknown header key", file("npy_header_key.npy",
            npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'x': 1}", floats(ok))), null, "'x'");
        add("npy huge shape", file("npy_huge_shape.npy",
            npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 4), }", floats(ok))),
            null, "shape");
        add("npy shape past a long", file("npy_huge_digits.npy",
            npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 4), }",
                floats(ok))), null, "shape");
        add("npy header length past the file", file("npy_header_length.npy",
            new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, '{'}),
            null, "header length");
        byte[] full = npy(DType.FLOAT32, new int[] {3, NUM_INPUT}, floats(ok));
        add("npy truncated data", file("npy_truncated.npy", java.util.Arrays.copyOf(full, full.length - 7)), null,
            "truncated");
        byte[] longer = java.util.Arrays.copyOf(full, full.length + 8);
        add("npy data longer than its shape", file("npy_longer.npy", longer), null, "data");
        add("npy complex dtype", file("npy_complex.npy",
            npyWithHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (3, 2), }", new byte[48])), null, "<c8");
        add("npy int input", file("npy_int.npy", npyBytes(NdArray.ofInts(new int[3 * NUM_INPUT], 3, NUM_INPUT))),
            null, "float");
        add("npy fortran order", file("npy_fortran.npy",
            npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", floats(ok))), null,
            "fortran_order");
        float[] nan = ok.clone();
        nan[5] = Float.NaN;
        add("npy NaN input", file("npy_nan.npy", npyBytes(NdArray.ofFloats(nan, 3, NUM_INPUT))), null, "[5]", "NaN");
        float[] inf = ok.clone();
        inf[2] = Float.NEGATIVE_INFINITY;
        Path infFile = file("npy_inf.npy", npyBytes(NdArray.ofFloats(inf, 1, 3, NUM_INPUT)));
        Path target = file("npy_target.npy", npyBytes(NdArray.ofFloats(new float[3 * NUM_OUTPUT], 1, 3, NUM_OUTPUT)));
        cases.add(new Case("npy inf input (gradients)", infFile, new String[] {"gradients", "--model", model.toString(),
            "--input", infFile.toString(), "--target", target.toString(), "--loss", "mse", "--out",
            dir.resolve("out/grad").toString()}, new String[] {"[2]", "Infinity"}));
        // Fill in predict for the cases above that left args null.
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (c.args() == null) {
                cases.set(i, new Case(c.name(), c.file(), predict(c.file()), c.mentions()));
            }
        }
        float[] fine = ok.clone();
        Path fineX = file("npy_x.npy", npyBytes(NdArray.ofFloats(fine, 1, 3, NUM_INPUT)));
        Path fracLabels = file("npy_labels_fraction.npy", npyBytes(NdArray.ofFloats(new float[] {0.5f}, 1)));
        cases.add(new Case("npy fractional class labels (gradients)", fracLabels, new String[] {"gradients", "--model",
            model.toString(), "--input", fineX.toString(), "--target", fracLabels.toString(), "--loss", "ce-last",
            "--out", dir.resolve("out/grad").toString()}, new String[] {"integer"}));
        Path bigLabels = file("npy_labels_range.npy", npyBytes(NdArray.ofLongs(new long[] {7}, 1)));
        cases.add(new Case("npy class label out of range (gradients)", bigLabels, new String[] {"gradients", "--model",
            model.toString(), "--input", fineX.toString(), "--target", bigLabels.toString(), "--loss", "ce-last",
            "--out", dir.resolve("out/grad").toString()}, new String[] {"label[0]", "0 .. 1"}));
    }

    // ------------------------------------------------------------------ .npz

    /**
     * One entry of a hand-made zip; {@code declaredSize}/{@code crc} -1 mean the true values,
     * {@code packed} null the true stored or deflated bytes.
     */
    record Entry(String name, byte[] data, boolean deflate, long declaredSize, long crc, byte[] packed) {
        Entry(String name, byte[] data, boolean deflate) {
            this(name, data, deflate, -1, -1, null);
        }

        Entry(String name, byte[] data, boolean deflate, long declaredSize, long crc) {
            this(name, data, deflate, declaredSize, crc, null);
        }
    }

    /** A zip written byte by byte, so sizes and CRC-32s can be forged. */
    static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            CRC32 crc = new CRC32();
            crc.update(e.data());
            long crcValue = e.crc() >= 0 ? e.crc() : crc.getValue();
            byte[] stored = e.packed() != null ? e.packed() : e.deflate() ? TestBytes.deflate(e.data()) : e.data();
            long size = e.declaredSize() >= 0 ? e.declaredSize() : e.data().length;
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            ByteBuffer local = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) (e.deflate() ? 8 : 0))
                .putShort((short) 0).putShort((short) 0x21).putInt((int) crcValue).putInt(stored.length)
                .putInt((int) size).putShort((short) name.length).putShort((short) 0).put(name);
            out.writeBytes(local.array());
            out.writeBytes(stored);
            ByteBuffer cen = ByteBuffer.allocate(46 + name.length).order(ByteOrder.LITTLE_ENDIAN);
            cen.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                .putShort((short) (e.deflate() ? 8 : 0)).putShort((short) 0).putShort((short) 0x21).putInt((int) crcValue)
                .putInt(stored.length).putInt((int) size).putShort((short) name.length).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(name);
            central.writeBytes(cen.array());
        }
        int cenOffset = out.size();
        out.writeBytes(central.toByteArray());
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
            .putShort((short) entries.size()).putInt(central.size()).putInt(cenOffset).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    /** The entries of a valid events file of one sample, 10 steps, NUM_INPUT channels, overridable by name. */
    private static Map<String, byte[]> eventsEntries() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("sample", npyBytes(NdArray.ofLongs(new long[] {0, 0, 0}, 3)));
        m.put("step", npyBytes(NdArray.ofLongs(new long[] {1, 4, 9}, 3)));
        m.put("channel", npyBytes(NdArray.ofInts(new int[] {0, 3, 2}, 3)));
        m.put("value", npyBytes(NdArray.ofFloats(new float[] {1f, 1f, 1f}, 3)));
        m.put("dt_ms", npyBytes(NdArray.scalarDouble(1.0)));
        m.put("num_channels", npyBytes(NdArray.scalarLong(NUM_INPUT)));
        m.put("num_steps", npyBytes(NdArray.scalarLong(10)));
        return m;
    }

    private static byte[] eventsZip(Map<String, byte[]> entries, boolean deflate) {
        List<Entry> list = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            list.add(new Entry(e.getKey() + ".npy", e.getValue(), deflate));
        }
        return zip(list);
    }

    private String[] toRaster(Path npz) {
        return new String[] {"convert", npz.toString(), dir.resolve("out/" + npz.getFileName() + ".npy").toString()};
    }

    private String[] run(Path npz) {
        return new String[] {"run", "--model", model.toString(), "--input", npz.toString(), "--threads", "1"};
    }

    private void npz() throws IOException {
        Map<String, byte[]> good = eventsEntries();
        // A flipped byte in the stored data of 'value': the CRC-32 no longer matches.
        List<Entry> badCrc = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : good.entrySet()) {
            byte[] data = e.getValue();
            long crc = -1;
            if (e.getKey().equals("value")) {
                CRC32 c = new CRC32();
                c.update(data);
                crc = c.getValue();
                data = data.clone();
                data[data.length - 1] ^= 0x40;
            }
            badCrc.add(new Entry(e.getKey() + ".npy", data, false, -1, crc));
        }
        Path p = file("npz_bad_crc.npz", zip(badCrc));
        add("npz bad CRC-32 (stored)", p, toRaster(p), "crc-32", "value.npy");
        List<Entry> badCrcDeflated = new ArrayList<>();
        for (Entry e : badCrc) {
            badCrcDeflated.add(new Entry(e.name(), e.data(), true, -1, e.crc()));
        }
        p = file("npz_bad_crc_deflated.npz", zip(badCrcDeflated));
        add("npz bad CRC-32 (deflated)", p, run(p), "crc-32", "value.npy");

        // Deflate bomb: 'value' declares 3 floats in its header and in the zip, but inflates to 64 MiB.
        Map<String, byte[]> bomb = new LinkedHashMap<>(good);
        byte[] header = good.get("value");
        byte[] huge = java.util.Arrays.copyOf(header, 64 << 20);
        List<Entry> bombEntries = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : bomb.entrySet()) {
            boolean isValue = e.getKey().equals("value");
            bombEntries.add(new Entry(e.getKey() + ".npy", isValue ? huge : e.getValue(), true,
                isValue ? header.length : -1, -1));
        }
        p = file("npz_deflate_bomb.npz", zip(bombEntries));
        add("npz deflate bomb past the declared size", p, toRaster(p), "value.npy", "declared");
        // A forged size: 'value' claims 800 MB (and a header to match) from a few KB of deflate.
        byte[] bigHeader = Npy.header(DType.FLOAT64, new int[] {10000, 10000});
        byte[] forged = java.util.Arrays.copyOf(bigHeader, bigHeader.length + 4096);
        bombEntries.set(3, new Entry("value.npy", forged, true, bigHeader.length + 800_000_000L, -1));
        p = file("npz_forged_size.npz", zip(bombEntries));
        add("npz forged entry size (ratio bomb)", p, toRaster(p), "value.npy", "deflate");
        // An entry whose .npy header declares more data than the entry holds (sizes in the zip agree).
        Map<String, byte[]> shortEntry = new LinkedHashMap<>(good);
        shortEntry.put("value", java.util.Arrays.copyOf(good.get("value"), good.get("value").length - 4));
        p = file("npz_entry_short.npz", eventsZip(shortEntry, true));
        add("npz entry shorter than its header", p, toRaster(p), "value", "truncated");
        Map<String, byte[]> longEntry = new LinkedHashMap<>(good);
        longEntry.put("value", java.util.Arrays.copyOf(good.get("value"), good.get("value").length + 64));
        p = file("npz_entry_long.npz", eventsZip(longEntry, false));
        add("npz entry longer than its header", p, toRaster(p), "value", "longer");
        // The deflate data of 'value' cut short while the zip's directory is intact.
        List<Entry> cutDeflate = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : good.entrySet()) {
            byte[] packed = TestBytes.deflate(e.getValue());
            cutDeflate.add(new Entry(e.getKey() + ".npy", e.getValue(), true, -1, -1,
                e.getKey().equals("value") ? java.util.Arrays.copyOf(packed, packed.length / 2) : packed));
        }
        p = file("npz_deflate_cut.npz", zip(cutDeflate));
        add("npz deflate data cut short", p, toRaster(p), "value.npy", "truncated");
        byte[] whole = eventsZip(good, true);
        p = file("npz_truncated.npz", java.util.Arrays.copyOf(whole, whole.length / 2));
        add("npz truncated", p, toRaster(p), "zip");
        Map<String, byte[]> missing = new LinkedHashMap<>(good);
        missing.remove("num_steps");
        p = file("npz_missing_entry.npz", eventsZip(missing, false));
        add("npz entry missing", p, run(p), "num_steps", "arrays present");
        p = file("npz_not_a_zip.npz", "sample,step,channel\n0,1,2\n".getBytes(StandardCharsets.US_ASCII));
        add("npz not a zip", p, toRaster(p), "zip");
    }

    // ------------------------------------------------------------------ .pt

    /** How one tensor of a hand-made state dict is laid out over its storage. */
    record Tensor(String storageClass, byte[] storage, long numel, long offset, long[] size, long[] stride) {
    }

    private static Tensor contiguous(NdArray a) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Npy.writeData(data, a);
        TorchStateDict.TensorRef ref = TorchStateDict.contiguous("", a, "");
        return new Tensor(ref.storageClass(), data.toByteArray(), ref.numel(), ref.offset(), ref.size(), ref.stride());
    }

    /** A pickle of an OrderedDict of tensors, as torch.save writes it (protocol 2); storage keys 0, 1, ... */
    static byte[] statePickle(Map<String, Tensor> tensors) {
        List<TorchStateDict.TensorRef> refs = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            refs.add(new TorchStateDict.TensorRef(e.getKey(), t.storageClass(), Integer.toString(refs.size()), t.numel(),
                t.offset(), t.size(), t.stride()));
        }
        return TorchStateDict.pickle(refs);
    }

    /** A torch.save zip: archive/data.pkl and one storage per tensor. */
    static byte[] ptZip(byte[] pickle, List<byte[]> storages) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("archive/data.pkl", pickle, false));
        for (int i = 0; i < storages.size(); i++) {
            entries.add(new Entry("archive/data/" + i, storages.get(i), false));
        }
        entries.add(new Entry("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII), false));
        return zip(entries);
    }

    /** The good model's state with {@code key} laid out by {@code hostile} (null: removed). */
    private byte[] stateWith(String key, Tensor hostile, String renameTo) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : state.entrySet()) {
            Tensor t = e.getKey().equals(key) && hostile != null ? hostile : contiguous(e.getValue());
            tensors.put(e.getKey().equals(key) && renameTo != null ? renameTo : e.getKey(), t);
        }
        List<byte[]> storages = new ArrayList<>();
        for (Tensor t : tensors.values()) {
            storages.add(t.storage());
        }
        return ptZip(statePickle(tensors), storages);
    }

    /** A model directory holding the good config and {@code <name>.pt}; returns the .pt. */
    private Path modelWithPt(String name, byte[] bytes) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.copy(model.resolve(ModelDirectory.CONFIG_FILE), d.resolve(ModelDirectory.CONFIG_FILE),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path pt = d.resolve(name + ".pt");
        Files.write(pt, bytes);
        return pt;
    }

    private void addInfo(String name, Path file, String... mentions) {
        add(name, file, new String[] {"info", "--model", file.getParent().toString()}, mentions);
    }

    private void pt() throws IOException {
        String key = "_proto_tau_m"; // shape (3,) for num_memory 3
        byte[] storage32 = floats(new float[32]);
        // (size - 1) * stride wraps past 2^63 to a small index: 3 elements read from element 0, 2^62 apart.
        addInfo("pt huge stride wraps the bounds check", modelWithPt("pt_huge_stride", stateWith(key,
            new Tensor("FloatStorage", storage32, 32, 0, new long[] {3}, new long[] {1L << 62}), null)), "stride");
        addInfo("pt size 4e8 with stride 0 over 32 floats", modelWithPt("pt_stride0_bomb", stateWith(key,
            new Tensor("FloatStorage", storage32, 32, 0, new long[] {400_000_000L}, new long[] {0}), null)), "stride");
        addInfo("pt size past the storage", modelWithPt("pt_size_past_storage", stateWith(key,
            new Tensor("FloatStorage", storage32, 32, 0, new long[] {20, 20}, new long[] {1, 1}), null)), "size");
        addInfo("pt offset past the storage", modelWithPt("pt_offset", stateWith(key,
            new Tensor("FloatStorage", storage32, 32, 1L << 40, new long[] {3}, new long[] {1}), null)), "storage_offset");
        addInfo("pt truncated storage", modelWithPt("pt_truncated_storage", stateWith(key,
            new Tensor("FloatStorage", floats(1f), 3, 0, new long[] {3}, new long[] {1}), null)), "truncated");
        addInfo("pt wrong key", modelWithPt("pt_wrong_key", stateWith(key, null, "_proto_tau_x")), "_proto_tau_x");
        addInfo("pt wrong shape", modelWithPt("pt_wrong_shape", stateWith(key,
            new Tensor("FloatStorage", storage32, 32, 0, new long[] {4}, new long[] {1}), null)), key, "[3]");
        // 9-byte pickles whose length prefixes claim 2 GB.
        byte[][] claims = {
            {(byte) 0x80, 2, 'B', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, '.', 0},
            {(byte) 0x80, 2, (byte) 0x8b, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, '.', 0},
            {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, '.', 0},
            {(byte) 0x80, 4, (byte) 0x8e, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0, '.'},
        };
        String[] names = {"BINBYTES", "LONG4", "BINUNICODE", "BINBYTES8"};
        for (int i = 0; i < claims.length; i++) {
            addInfo("pt " + names[i] + " claims 2 GB", modelWithPt("pt_claim_" + names[i].toLowerCase(java.util.Locale.ROOT),
                ptZip(claims[i], List.of())), names[i], "bytes left");
        }
        // 200,000 nested lists: MARK x n, LIST x n.
        int depth = 200_000;
        byte[] deep = new byte[2 * depth + 3];
        deep[0] = (byte) 0x80;
        deep[1] = 2;
        java.util.Arrays.fill(deep, 2, 2 + depth, (byte) '(');
        java.util.Arrays.fill(deep, 2 + depth, 2 + 2 * depth, (byte) 'l');
        deep[deep.length - 1] = '.';
        addInfo("pt 200k-deep nested lists", modelWithPt("pt_deep_nesting", ptZip(deep, List.of())), "nested");
        // A list that holds itself, through the memo.
        byte[] cycle = {(byte) 0x80, 2, ']', 'q', 0, 'h', 0, 'a', '.'}; // EMPTY_LIST, BINPUT 0, BINGET 0, APPEND
        addInfo("pt self-containing list", modelWithPt("pt_cycle", ptZip(cycle, List.of())), "nested");
        byte[] pickle = statePickle(Map.of("w", contiguous(NdArray.ofFloats(new float[4], 4))));
        addInfo("pt truncated pickle", modelWithPt("pt_truncated_pickle",
            ptZip(java.util.Arrays.copyOf(pickle, pickle.length - 20), List.of(floats(new float[4])))), "data.pkl");
        byte[] pt = stateWith(key, null, null);
        byte[] flipped = pt.clone();
        // Flip a byte inside the last storage (data/N), just before the version entry's local header.
        int version = TestBytes.indexOf(flipped, "archive/version".getBytes(StandardCharsets.US_ASCII));
        flipped[version - 30 - 3] ^= 0x10;
        addInfo("pt storage with bad CRC-32", modelWithPt("pt_bad_crc", flipped), "crc-32");
        // A stored data.pkl whose directory entry claims 2 GB in a file of a few hundred bytes.
        List<Entry> claim = List.of(new Entry("archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', '.'}, false,
            Integer.MAX_VALUE - 16L, -1));
        addInfo("pt stored entry claims 2 GB", modelWithPt("pt_entry_claim", zip(claim)), "data.pkl", "2147483631");
        addInfo("pt not a zip", modelWithPt("pt_not_zip", "\u0080\u0002}q\u0000.".getBytes(StandardCharsets.ISO_8859_1)),
            "zip");
    }

    // ------------------------------------------------------------------ model_config.json

    private Path modelWithConfig(String name, byte[] json) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.copy(model.resolve(ModelDirectory.STATE_FILE), d.resolve(ModelDirectory.STATE_FILE),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path cfg = d.resolve(ModelDirectory.CONFIG_FILE);
        Files.write(cfg, json);
        return cfg;
    }

    private void config(String name, String json, String... mentions) throws IOException {
        Path cfg = modelWithConfig(name, json.getBytes(StandardCharsets.UTF_8));
        add(name.replace('_', ' '), cfg, new String[] {"info", "--model", cfg.getParent().toString()}, mentions);
    }

    private void config() throws IOException {
        config("cfg_bad_json", "{\"num_input\": 4, \"num_output\": 2,,}", "JSON", "line 1");
        config("cfg_wrong_type", "{\"num_input\": 4, \"num_output\": 2, \"num_memory\": \"3\"}", "num_memory", "integer");
        config("cfg_fraction", "{\"num_input\": 4, \"num_output\": 2, \"num_memory\": 2.5}", "num_memory", "2.5");
        config("cfg_bool_size", "{\"num_input\": true, \"num_output\": 2}", "num_input", "true");
        config("cfg_huge_size", "{\"num_input\": 4, \"num_output\": 2, \"num_memory\": 100000000}", "num_memory",
            "at most");
        config("cfg_huge_parameters", "{\"num_input\": 4, \"num_output\": 2, \"num_memory\": 1000,"
            + " \"mlp_hidden_size\": 1000000}", "parameters");
        config("cfg_huge_number", "{\"num_input\": 4" + "9".repeat(400) + ", \"num_output\": 2}", "JSON", "number");
        config("cfg_big_integer", "{\"num_input\": 99999999999999999999, \"num_output\": 2}", "num_input",
            "99999999999999999999");
        config("cfg_deep_nesting", "{\"num_input\": " + "[".repeat(5000) + "]".repeat(5000) + ", \"num_output\": 2}",
            "nested");
        config("cfg_unknown_keys", "{\"num_input\": 4, \"num_output\": 2, \"d_m\": 3, \"nmu_memory\": 3}", "d_m",
            "nmu_memory");
        config("cfg_duplicate_key", "{\"num_input\": 4, \"num_output\": 2, \"num_output\": 3}", "num_output");
        config("cfg_negative_delta_t", "{\"num_input\": 4, \"num_output\": 2, \"delta_t\": -1}", "delta_t");
        config("cfg_infinite_tau", "{\"num_input\": 4, \"num_output\": 2, \"tau_s_value\": 1e400}", "tau_s_value");
        Path cfg = modelWithConfig("cfg_not_utf8", new byte[] {'{', '"', 'n', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'});
        add("cfg not UTF-8", cfg, new String[] {"info", "--model", cfg.getParent().toString()}, "JSON");
        cfg = modelWithConfig("cfg_shape_mismatch", "{\"num_input\": 4, \"num_output\": 2, \"num_memory\": 5}"
            .getBytes(StandardCharsets.UTF_8));
        add("cfg sizes that the .pt does not have", cfg.resolveSibling(ModelDirectory.STATE_FILE),
            new String[] {"info", "--model", cfg.getParent().toString()}, "[5]", "[3]");
    }

    // ------------------------------------------------------------------ events .npz

    private void events(String name, Map<String, byte[]> entries, boolean toRaster, String... mentions) throws IOException {
        Path p = file(name + ".npz", eventsZip(entries, true));
        add(name.replace('_', ' '), p, toRaster ? toRaster(p) : run(p), mentions);
    }

    private Map<String, byte[]> eventsWith(String key, NdArray value) throws IOException {
        Map<String, byte[]> m = eventsEntries();
        m.put(key, npyBytes(value));
        return m;
    }

    private void events() throws IOException {
        events("ev_num_steps_0", eventsWith("num_steps", NdArray.scalarLong(0)), false, "num_steps", "found 0");
        events("ev_num_steps_negative", eventsWith("num_steps", NdArray.scalarLong(-1)), true, "num_steps", "-1");
        events("ev_num_steps_1e12", eventsWith("num_steps", NdArray.scalarLong(1_000_000_000_000L)), false,
            "num_steps", "1000000000000");
        events("ev_num_steps_fraction", eventsWith("num_steps", NdArray.scalarDouble(0.5)), true, "num_steps", "0.5");
        events("ev_num_channels_huge", eventsWith("num_channels", NdArray.scalarLong(1L << 40)), false, "num_channels");
        events("ev_dt_nan", eventsWith("dt_ms", NdArray.scalarDouble(Double.NaN)), false, "dt_ms", "NaN");
        events("ev_sample_4e8", eventsWith("sample", NdArray.ofLongs(new long[] {0, 0, 400_000_000L}, 3)), false,
            "sample[2]", "400000000");
        events("ev_sample_negative", eventsWith("sample", NdArray.ofLongs(new long[] {-1, 0, 0}, 3)), true, "sample[0]");
        events("ev_channel_out_of_range", eventsWith("channel", NdArray.ofInts(new int[] {0, 4, 2}, 3)), false,
            "channel[1]", "0 .. 3");
        events("ev_step_out_of_range", eventsWith("step", NdArray.ofLongs(new long[] {1, 4, 10}, 3)), true, "step[2]",
            "0 .. 9");
        events("ev_nan_value", eventsWith("value", NdArray.ofFloats(new float[] {1f, Float.NaN, 1f}, 3)), false,
            "value[1]", "NaN");
        events("ev_inf_time", eventsWith("time_s", NdArray.ofDoubles(new double[] {0, Double.POSITIVE_INFINITY, 0}, 3)),
            true, "time_s[1]", "Infinity");
        events("ev_float_channel", eventsWith("channel", NdArray.ofFloats(new float[] {0f, 1.5f, 2f}, 3)), true,
            "channel", "float32");
        events("ev_length_mismatch", eventsWith("value", NdArray.ofFloats(new float[] {1f, 1f}, 2)), false, "value",
            "3 events");
        events("ev_unsorted", eventsWith("step", NdArray.ofLongs(new long[] {4, 1, 9}, 3)), true, "sorted");
        // Short labels: events of samples 0..2 but labels for 2 samples (the 'Index 9612 out of bounds' case).
        Map<String, byte[]> shortLabels = eventsWith("sample", NdArray.ofLongs(new long[] {0, 1, 2}, 3));
        shortLabels.put("labels", npyBytes(NdArray.ofLongs(new long[] {3, 5}, 2)));
        events("ev_short_labels", shortLabels, true, "sample[2]", "labels holds 2");
        events("ev_shaped_scalar", eventsWith("num_steps", NdArray.ofLongs(new long[] {10, 10}, 2)), false, "num_steps",
            "scalar");
        // A dense .npy with NaN converted to events.
        float[] raster = new float[2 * NUM_INPUT];
        raster[3] = Float.NaN;
        Path p = file("ev_raster_nan.npy", npyBytes(NdArray.ofFloats(raster, 2, NUM_INPUT)));
        add("npy raster with NaN to events", p, new String[] {"convert", p.toString(),
            dir.resolve("out/raster.npz").toString()}, "[3]", "NaN");
        // And a valid events file round-trips, so the corpus is not rejecting everything.
        new EventsFile(new long[] {0}, new long[] {1}, new int[] {2}, new float[] {1f}, 1.0, NUM_INPUT, 10, null, null)
            .write(dir.resolve("ev_good.npz"));
    }
}
