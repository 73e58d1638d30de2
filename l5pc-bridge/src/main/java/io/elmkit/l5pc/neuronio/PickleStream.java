package io.elmkit.l5pc.neuronio;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A streaming reader of the pickle (protocol 2, Python 2 strings) that NeuronIO files are: no
 * maintained library streams pickles, and Pyrolite builds the whole object graph, which for a 1 GB
 * file is several GB. Two things keep memory at about one simulation: only memo slots that are
 * read back later are kept (a first pass collects them), and the items appended to the list stored
 * under {@code listOfSingleSimulationDicts} go to a consumer instead of the list.
 *
 * <p>Objects: dict {@code LinkedHashMap}, list {@code ArrayList}, tuple {@code Object[]}, str
 * {@code String} (latin-1), int {@code Long}, float {@code Double}, numpy arrays {@link NdArray},
 * numpy scalars {@code Long}/{@code Double}. Only numpy's array/scalar/dtype globals (and
 * {@code _codecs.encode}, which Python 3 uses for bytes in protocol 2) are allowed.
 */
final class PickleStream {
    static final String SIMULATION_LIST_KEY = "listOfSingleSimulationDicts";

    private final String source;
    private final BitSet memoNeeded;
    private final Consumer<Map<String, Object>> simulationSink;
    private final Map<Integer, Object> memo = new HashMap<>();
    private final ArrayList<Object> stack = new ArrayList<>();
    private final IntStack marks = new IntStack();
    private long offset;
    private DataInputStream in;

    private PickleStream(String source, BitSet memoNeeded, Consumer<Map<String, Object>> simulationSink) {
        this.source = source;
        this.memoNeeded = memoNeeded;
        this.simulationSink = simulationSink;
    }

    /** The memo slots a pickle reads back (BINGET, LONG_BINGET, GET), found without building anything. */
    static BitSet scanMemoReads(InputStream input, String source) throws IOException {
        PickleStream p = new PickleStream(source, null, null);
        p.in = new DataInputStream(input);
        BitSet reads = new BitSet();
        int first = p.in.read();
        if (first != 0x80) {
            throw new NeuronioFormatException(source, "pickle offset 0", "not a pickle file (expected the protocol"
                + " header 0x80, found " + (first < 0 ? "an empty file" : "0x" + Integer.toHexString(first)) + ")");
        }
        p.offset = 1;
        p.u8();
        while (true) {
            int op = p.readOpcode();
            switch (op) {
                case 'h': reads.set(p.u8()); break;
                case 'j': reads.set(p.int32()); break;
                case 'g': reads.set(Integer.parseInt(p.line().trim())); break;
                case '.': return reads;
                default: p.skipArgument(op);
            }
        }
    }

    /**
     * Reads a pickle, sending each simulation dict to {@code simulationSink} as soon as it is
     * complete; returns the root object (its simulation list holds nulls in place of the dicts).
     */
    static Object read(InputStream input, String source, BitSet memoNeeded, Consumer<Map<String, Object>> simulationSink)
        throws IOException {
        PickleStream p = new PickleStream(source, memoNeeded, simulationSink);
        p.in = new DataInputStream(input);
        return p.run();
    }

    private Object run() throws IOException {
        while (true) {
            long at = offset;
            int op = readOpcode();
            try {
                if (op == '.') {
                    return resolve(pop());
                }
                execute(op);
            } catch (IndexOutOfBoundsException | ClassCastException e) {
                throw new NeuronioFormatException(source, "pickle offset " + at,
                    "malformed pickle at opcode '" + printable(op) + "' (" + e.getMessage() + ")");
            }
        }
    }

    private void execute(int op) throws IOException {
        switch (op) {
            case 0x80: u8(); break; // PROTO
            case 0x95: readLong64(); break; // FRAME (protocol 4)
            case '}': stack.add(new LinkedHashMap<Object, Object>()); break;
            case ']': stack.add(newList()); break;
            case ')': stack.add(new Object[0]); break;
            case '(': marks.push(stack.size()); break;
            case 'N': stack.add(null); break;
            case 0x88: stack.add(Boolean.TRUE); break;
            case 0x89: stack.add(Boolean.FALSE); break;
            case 'K': stack.add((long) u8()); break;
            case 'M': stack.add((long) u16()); break;
            case 'J': stack.add((long) int32()); break;
            case 0x8a: stack.add(long1()); break;
            case 'G': stack.add(in.readDouble()); offset += 8; break; // BINFLOAT, big-endian
            case 'U': stack.add(latin1(bytes(u8()))); break;
            case 'T': stack.add(latin1(bytes(int32()))); break;
            case 'X': stack.add(new String(bytes(int32()), StandardCharsets.UTF_8)); break;
            case 0x8c: stack.add(new String(bytes(u8()), StandardCharsets.UTF_8)); break;
            case 'C': stack.add(bytes(u8())); break; // SHORT_BINBYTES
            case 'B': stack.add(bytes(int32())); break; // BINBYTES
            case 'q': memoPut(u8()); break;
            case 'r': memoPut(int32()); break;
            case 'p': memoPut(Integer.parseInt(line().trim())); break;
            case 0x94: memoPut(memoSize++); break; // MEMOIZE
            case 'h': stack.add(memoGet(u8())); break;
            case 'j': stack.add(memoGet(int32())); break;
            case 'g': stack.add(memoGet(Integer.parseInt(line().trim()))); break;
            case 't': stack.add(popMark().toArray()); break;
            case 0x85: stack.add(new Object[] {resolve(pop())}); break;
            case 0x86: { Object b = resolve(pop()); Object a = resolve(pop()); stack.add(new Object[] {a, b}); break; }
            case 0x87: { Object c = resolve(pop()); Object b = resolve(pop()); Object a = resolve(pop()); stack.add(new Object[] {a, b, c}); break; }
            case 'a': { Object v = resolve(pop()); append(peek(), v); break; }
            case 'e': { List<Object> items = popMark(); for (Object v : items) { append(peek(), v); } break; }
            case 's': { Object v = resolve(pop()); Object k = pop(); dict(peek()).put(k, v); break; }
            case 'u': {
                List<Object> items = popMark();
                Map<Object, Object> d = dict(peek());
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    d.put(items.get(i), items.get(i + 1));
                }
                break;
            }
            case 'c': stack.add(global(line(), line())); break;
            case 'R': { Object[] args = (Object[]) pop(); Object f = pop(); stack.add(reduce(f, args)); break; }
            case 'b': { Object state = pop(); build(peek(), state); break; }
            case '0': pop(); break; // POP
            case '1': popMark(); break; // POP_MARK
            case '2': stack.add(peek()); break; // DUP
            default:
                throw new NeuronioFormatException(source, "pickle offset " + (offset - 1),
                    "unsupported pickle opcode '" + printable(op) + "' (0x" + Integer.toHexString(op)
                        + "): not a NeuronIO file written by pickle protocol 2");
        }
    }

    private int memoSize;

    /** A list; the one stored under the simulation-list key streams its items to the sink. */
    private Object newList() {
        if (simulationSink != null && !stack.isEmpty() && SIMULATION_LIST_KEY.equals(stack.get(stack.size() - 1))) {
            return new SimulationList();
        }
        return new ArrayList<Object>();
    }

    /** Forwards appended simulations and keeps only a count (nulls), so memory stays at one simulation. */
    private final class SimulationList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public boolean add(Object o) {
            if (!(o instanceof Map)) {
                throw new ClassCastException("item " + size() + " of " + SIMULATION_LIST_KEY + " is not a dict");
            }
            simulationSink.accept((Map<String, Object>) o);
            return super.add(null);
        }
    }

    @SuppressWarnings("unchecked")
    private static void append(Object list, Object v) {
        ((List<Object>) list).add(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) {
        return (Map<Object, Object>) o;
    }

    private void memoPut(int index) {
        if (memoNeeded == null || memoNeeded.get(index)) {
            memo.put(index, peek());
        }
    }

    private Object memoGet(int index) throws NeuronioFormatException {
        if (!memo.containsKey(index)) {
            throw new NeuronioFormatException(source, "pickle offset " + offset, "memo slot " + index + " read before it was set");
        }
        return memo.get(index);
    }

    // ------------------------------------------------------------------ numpy

    private enum Global { SCALAR, RECONSTRUCT, NDARRAY, DTYPE, CODECS_ENCODE }

    private Global global(String module, String name) throws NeuronioFormatException {
        String g = module + "." + name;
        switch (g) {
            case "numpy.core.multiarray.scalar":
            case "numpy._core.multiarray.scalar":
                return Global.SCALAR;
            case "numpy.core.multiarray._reconstruct":
            case "numpy._core.multiarray._reconstruct":
                return Global.RECONSTRUCT;
            case "numpy.ndarray":
                return Global.NDARRAY;
            case "numpy.dtype":
                return Global.DTYPE;
            case "_codecs.encode":
                return Global.CODECS_ENCODE;
            default:
                throw new NeuronioFormatException(source, "pickle offset " + offset, "refused global '" + g
                    + "': a NeuronIO file holds only dicts, lists, numbers, strings and numpy arrays/scalars");
        }
    }

    /** A numpy dtype under construction: its code and byte order (set by BUILD). */
    private static final class NumpyDType {
        final String code;
        char order = '<';

        NumpyDType(String code) {
            this.code = code;
        }
    }

    /** An ndarray under construction (filled by BUILD). */
    private static final class PendingArray {
        NdArray value;
    }

    private Object reduce(Object f, Object[] args) throws IOException {
        if (!(f instanceof Global)) {
            throw new NeuronioFormatException(source, "pickle offset " + offset, "REDUCE on a non-callable " + f);
        }
        switch ((Global) f) {
            case DTYPE:
                return new NumpyDType((String) args[0]);
            case RECONSTRUCT:
                return new PendingArray();
            case SCALAR: {
                NumpyDType t = (NumpyDType) args[0];
                byte[] raw = args[1] instanceof byte[] ? (byte[]) args[1] : latin1Bytes((String) args[1]);
                NdArray a = decode(t, raw, new int[0]);
                return a.dtype().isFloatingPoint() ? (Object) a.getDouble(0) : (Object) a.getLong(0);
            }
            case CODECS_ENCODE:
                return latin1Bytes((String) args[0]);
            default:
                throw new NeuronioFormatException(source, "pickle offset " + offset, "cannot call numpy.ndarray directly");
        }
    }

    private void build(Object target, Object state) throws IOException {
        Object[] s = (Object[]) state;
        if (target instanceof NumpyDType) {
            // (version, byteorder, subarray, names, fields, elsize, alignment, flags)
            String order = (String) s[1];
            ((NumpyDType) target).order = order.isEmpty() ? '|' : order.charAt(0);
            return;
        }
        if (target instanceof PendingArray) {
            // (version, shape, dtype, is_fortran, raw data)
            Object[] shapeTuple = (Object[]) s[1];
            int[] shape = new int[shapeTuple.length];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = (int) (long) (Long) shapeTuple[i];
            }
            if (Boolean.TRUE.equals(s[3]) && shape.length > 1) {
                throw new NeuronioFormatException(source, "pickle offset " + offset, "Fortran-ordered array not supported");
            }
            byte[] raw = s[4] instanceof byte[] ? (byte[]) s[4] : latin1Bytes((String) s[4]);
            ((PendingArray) target).value = decode((NumpyDType) s[2], raw, shape);
            return;
        }
        throw new NeuronioFormatException(source, "pickle offset " + offset, "BUILD on unexpected " + target);
    }

    private NdArray decode(NumpyDType t, byte[] raw, int[] shape) throws NeuronioFormatException {
        DType dtype = DType.fromNumpyCode(t.code.equals("?") ? "b1" : t.code);
        if (dtype == null) {
            throw new NeuronioFormatException(source, "pickle offset " + offset, "unsupported numpy dtype '" + t.code + "'");
        }
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (raw.length != n * dtype.itemSizeBytes()) {
            throw new NeuronioFormatException(source, "pickle offset " + offset, "array of shape "
                + java.util.Arrays.toString(shape) + " " + t.code + " needs " + n * dtype.itemSizeBytes()
                + " bytes, has " + raw.length);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(t.order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        NdArray out = NdArray.zeros(dtype, shape);
        Object data = out.data();
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case FLOAT64: ((double[]) data)[i] = b.getDouble(); break;
                case FLOAT32: ((float[]) data)[i] = b.getFloat(); break;
                case FLOAT16:
                case INT16:
                case UINT16: ((short[]) data)[i] = b.getShort(); break;
                case INT64: ((long[]) data)[i] = b.getLong(); break;
                case INT32: ((int[]) data)[i] = b.getInt(); break;
                case INT8:
                case UINT8: ((byte[]) data)[i] = b.get(); break;
                case BOOL: ((boolean[]) data)[i] = b.get() != 0; break;
                default: throw new IllegalStateException();
            }
        }
        return out;
    }

    /** Replaces pending arrays by their values when they are used as values. */
    static Object resolve(Object o) {
        return o instanceof PendingArray ? ((PendingArray) o).value : o;
    }

    // ------------------------------------------------------------------ low level

    private Object pop() {
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        int m = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        for (int i = 0; i < items.size(); i++) {
            items.set(i, resolve(items.get(i)));
        }
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private int readOpcode() throws IOException {
        int op = in.read();
        if (op < 0) {
            throw new NeuronioFormatException(source, "pickle offset " + offset,
                "truncated: the file ends before the pickle's STOP opcode");
        }
        offset++;
        return op;
    }

    private int u8() throws IOException {
        offset++;
        return in.readUnsignedByte();
    }

    private int u16() throws IOException {
        int lo = u8();
        return lo | u8() << 8;
    }

    private int int32() throws IOException {
        offset += 4;
        return Integer.reverseBytes(in.readInt());
    }

    private long readLong64() throws IOException {
        offset += 8;
        return Long.reverseBytes(in.readLong());
    }

    private long long1() throws IOException {
        int n = u8();
        byte[] b = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n); // negative
        }
        return v;
    }

    private byte[] bytes(int n) throws IOException {
        if (n < 0) {
            throw new NeuronioFormatException(source, "pickle offset " + offset, "negative length " + n);
        }
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new NeuronioFormatException(source, "pickle offset " + offset,
                "truncated: a string of " + n + " bytes runs past the end of the file");
        }
        offset += n;
        return b;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new NeuronioFormatException(source, "pickle offset " + offset, "truncated inside a text argument");
            }
            sb.append((char) c);
            offset++;
        }
        offset++;
        return sb.toString();
    }

    private void skipArgument(int op) throws IOException {
        switch (op) {
            case 0x80: case 'K': case 'q': u8(); break;
            case 'M': u16(); break;
            case 'J': case 'r': int32(); break;
            case 'G': case 0x95: readLong64(); break;
            case 0x8a: bytes(u8()); break;
            case 'U': case 0x8c: case 'C': bytes(u8()); break;
            case 'T': case 'X': case 'B': bytes(int32()); break;
            case 'c': line(); line(); break;
            case 'p': line(); break;
            default: break; // no argument
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1Bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String printable(int op) {
        return op >= 32 && op < 127 ? String.valueOf((char) op) : "\\x" + Integer.toHexString(op);
    }

    /** A growable int stack for MARK positions. */
    private static final class IntStack {
        private int[] v = new int[16];
        private int n;

        void push(int x) {
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }

        int pop() {
            if (n == 0) {
                throw new IndexOutOfBoundsException("POP of MARK with no mark");
            }
            return v[--n];
        }
    }
}
