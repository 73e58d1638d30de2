package io.elmkit.l5pc.neuronio;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.check.UncheckedInputFormatException;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
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
 *
 * <p>A forged file cannot exhaust memory or stack: every declared length is checked against the
 * bytes that can still come ({@link PickleInput#bytesLeft()}) and read in bounded chunks; the
 * machine stack, the values held at once and the nesting of containers are
 * bounded; nothing here recurses into a value (dict keys are scalars, messages name types, not
 * contents), so no nesting can overflow the Java stack.
 */
final class PickleStream {
    static final String SIMULATION_LIST_KEY = "listOfSingleSimulationDicts";

    /**
     * Entries on the unpickling stack: a pickler pushes at most one batch (1,000 items or 1,000
     * key/value pairs) plus one entry per open container, so this is far above any real file.
     */
    static final int MAX_STACK_ENTRIES = 1 << 20;

    /** Longest text argument (a global's module or name, a text memo index). */
    private static final int MAX_LINE_CHARS = 4096;

    /** Strings and bytes up to this size are allocated at once; longer ones grow as their bytes arrive. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final String source;
    private final BitSet memoNeeded;
    private final Consumer<Map<String, Object>> simulationSink;
    private Consumer<Map<?, ?>> paramsSink;
    private final Map<Integer, Object> memo = new HashMap<>();
    private final ArrayList<Object> stack = new ArrayList<>();
    private final IntStack marks = new IntStack();
    /** Depth of tuples that hold containers (tuples are Object[] and cannot carry a field). */
    private final Map<Object[], Integer> tupleDepth = new WeakHashMap<>();
    /**
     * Values kept in containers at once: the file's parameters and the simulations not yet handed
     * on (a pickler appends them in batches of up to 1,000, so a batch is in memory together; a
     * published 128-simulation file holds about 10^7). {@code elmkit.limit.steps} read when the file
     * is opened, like the decompression limit, so it can be raised or lowered for a run or a test.
     */
    private final long maxValuesHeld = Long.getLong("elmkit.limit.steps", InputLimits.MAX_STEPS);
    private long valuesHeld;
    private long valuesOutsideSimulations;
    private int memoSize;
    private final PickleInput input;
    private final DataInputStream in;

    private PickleStream(PickleInput input, String source, BitSet memoNeeded,
                         Consumer<Map<String, Object>> simulationSink) {
        this.input = input;
        this.in = new DataInputStream(input);
        this.source = source;
        this.memoNeeded = memoNeeded;
        this.simulationSink = simulationSink;
    }

    /** The memo slots a pickle reads back (BINGET, LONG_BINGET, GET), found without building anything. */
    static BitSet scanMemoReads(PickleInput input, String source) throws IOException {
        PickleStream p = new PickleStream(input, source, null, null);
        BitSet reads = new BitSet();
        p.header();
        while (true) {
            long at = p.input.position();
            int op = p.readOpcode();
            try {
                switch (op) {
                    case 'h': reads.set(p.memoIndex(p.u8(), at)); break;
                    case 'j': reads.set(p.memoIndex(p.int32(), at)); break;
                    case 'g': reads.set(p.memoIndex(p.textInt(at), at)); break;
                    case '.': p.drain(); return reads;
                    default: p.skipArgument(op, at);
                }
            } catch (EOFException e) {
                throw p.truncated(op, at);
            }
        }
    }

    /**
     * Reads a pickle, sending each simulation dict to {@code simulationSink} as soon as it is
     * complete; returns the root object (its simulation list holds nulls in place of the dicts).
     */
    static Object read(PickleInput input, String source, BitSet memoNeeded, Consumer<Map<String, Object>> simulationSink)
        throws IOException {
        return read(input, source, memoNeeded, simulationSink, params -> { });
    }

    /**
     * As {@link #read(PickleInput, String, BitSet, Consumer)}, and when the root's {@code Params}
     * dict is complete before the simulation list starts (as in every published file), it goes to
     * {@code paramsSink} first, so simulations can be checked against it as they stream.
     */
    static Object read(PickleInput input, String source, BitSet memoNeeded, Consumer<Map<String, Object>> simulationSink,
                       Consumer<Map<?, ?>> paramsSink) throws IOException {
        PickleStream p = new PickleStream(input, source, memoNeeded, simulationSink);
        p.paramsSink = paramsSink;
        p.header();
        return p.run();
    }

    private void header() throws IOException {
        int first = in.read();
        if (first != 0x80) {
            throw new InputFormatException(source, "pickle offset 0", "the protocol header 0x80",
                first < 0 ? "an empty file" : "0x" + Integer.toHexString(first));
        }
        int protocol = in.read();
        if (protocol < 2 || protocol > 5) {
            throw new InputFormatException(source, "pickle offset 1", "pickle protocol 2 .. 5",
                protocol < 0 ? "the end of the file" : Integer.toString(protocol));
        }
    }

    private Object run() throws IOException {
        while (true) {
            long at = input.position();
            int op = readOpcode();
            try {
                if (op == '.') {
                    Object root = resolve(pop(op, at));
                    drain();
                    return root;
                }
                execute(op, at);
            } catch (EOFException e) {
                throw truncated(op, at);
            } catch (UncheckedInputFormatException r) {
                // a format error carried through a callback (the simulation sink) that cannot throw it
                throw r.checked();
            }
        }
    }

    /**
     * Reads past STOP to the end: for a gzip file this checks the CRC and length in its trailer
     * (bounded by the decompression limit like the rest); Python ignores bytes after STOP, so do we.
     */
    private void drain() throws IOException {
        if (input.compressed()) {
            input.skip(Long.MAX_VALUE);
        }
    }

    private InputFormatException truncated(int op, long at) {
        return new InputFormatException(source, "pickle offset " + at,
            "truncated: the file ends inside the argument of opcode '" + printable(op) + "'");
    }

    private void execute(int op, long at) throws IOException {
        switch (op) {
            case 0x80: u8(); break; // PROTO
            case 0x95: readLong64(); break; // FRAME (protocol 4)
            case '}': push(new PDict(), at); break;
            case ']': push(newList(), at); break;
            case ')': push(tuple(new Object[0], at), at); break;
            case '(': marks.push(stack.size()); checkStack(at); break;
            case 'N': push(null, at); break;
            case 0x88: push(Boolean.TRUE, at); break;
            case 0x89: push(Boolean.FALSE, at); break;
            case 'K': push((long) u8(), at); break;
            case 'M': push((long) u16(), at); break;
            case 'J': push((long) int32(), at); break;
            case 0x8a: push(longN(u8(), "LONG1", at), at); break;
            case 0x8b: push(longN(int32(), "LONG4", at), at); break;
            case 'G': push(in.readDouble(), at); break; // BINFLOAT, big-endian
            case 'U': push(latin1(bytes(u8(), "SHORT_BINSTRING", at)), at); break;
            case 'T': push(latin1(bytes(int32(), "BINSTRING", at)), at); break;
            case 'X': push(new String(bytes(int32(), "BINUNICODE", at), StandardCharsets.UTF_8), at); break;
            case 0x8c: push(new String(bytes(u8(), "SHORT_BINUNICODE", at), StandardCharsets.UTF_8), at); break;
            case 0x8d: push(new String(bytes(readLong64(), "BINUNICODE8", at), StandardCharsets.UTF_8), at); break;
            case 'C': push(bytes(u8(), "SHORT_BINBYTES", at), at); break;
            case 'B': push(bytes(int32(), "BINBYTES", at), at); break;
            case 0x8e: push(bytes(readLong64(), "BINBYTES8", at), at); break;
            case 'q': memoPut(memoIndex(u8(), at), op, at); break;
            case 'r': memoPut(memoIndex(int32(), at), op, at); break;
            case 'p': memoPut(memoIndex(textInt(at), at), op, at); break;
            case 0x94: memoPut(memoSize++, op, at); break; // MEMOIZE
            case 'h': push(memoGet(memoIndex(u8(), at), at), at); break;
            case 'j': push(memoGet(memoIndex(int32(), at), at), at); break;
            case 'g': push(memoGet(memoIndex(textInt(at), at), at), at); break;
            case 't': push(tuple(popMark(op, at).toArray(), at), at); break;
            case 0x85: push(tuple(new Object[] {resolve(pop(op, at))}, at), at); break;
            case 0x86: {
                Object b = resolve(pop(op, at));
                Object a = resolve(pop(op, at));
                push(tuple(new Object[] {a, b}, at), at);
                break;
            }
            case 0x87: {
                Object c = resolve(pop(op, at));
                Object b = resolve(pop(op, at));
                Object a = resolve(pop(op, at));
                push(tuple(new Object[] {a, b, c}, at), at);
                break;
            }
            case 'a': { Object v = resolve(pop(op, at)); append(list(peek(op, at), op, at), v, at); break; }
            case 'e': {
                List<Object> items = popMark(op, at);
                PList target = list(peek(op, at), op, at);
                for (Object v : items) {
                    append(target, v, at);
                }
                break;
            }
            case 's': {
                Object v = resolve(pop(op, at));
                Object k = pop(op, at);
                setItem(dict(peek(op, at), op, at), k, v, at);
                break;
            }
            case 'u': {
                List<Object> items = popMark(op, at);
                PDict d = dict(peek(op, at), op, at);
                if (items.size() % 2 != 0) {
                    throw new InputFormatException(source, "pickle offset " + at,
                        "SETITEMS with key/value pairs", items.size() + " values");
                }
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    setItem(d, items.get(i), items.get(i + 1), at);
                }
                break;
            }
            case 'c': push(global(line(at), line(at), at), at); break;
            case 'R': {
                Object[] args = as(Object[].class, pop(op, at), "a tuple of arguments", op, at);
                Object f = pop(op, at);
                push(reduce(f, args, at), at);
                break;
            }
            case 'b': { Object state = pop(op, at); build(peek(op, at), state, at); break; }
            case '0': pop(op, at); break; // POP
            case '1': popMark(op, at); break; // POP_MARK
            case '2': push(peek(op, at), at); break; // DUP
            default:
                throw unsupported(op, at);
        }
    }

    private InputFormatException unsupported(int op, long at) {
        return new InputFormatException(source, "pickle offset " + at,
            "unsupported pickle opcode '" + printable(op) + "' (0x" + Integer.toHexString(op)
                + "): not a NeuronIO file written by pickle protocol 2");
    }

    // ------------------------------------------------------------------ containers

    /** A list that knows how deep it nests. */
    static class PList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
        int depth = 1;
    }

    /** A dict that knows how deep it nests. */
    static final class PDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        int depth = 1;
    }

    /** A list; the one stored under the simulation-list key streams its items to the sink. */
    private PList newList() {
        if (simulationSink != null && !stack.isEmpty() && SIMULATION_LIST_KEY.equals(stack.get(stack.size() - 1))) {
            valuesOutsideSimulations = valuesHeld;
            Map<?, ?> params = paramsSoFar();
            if (params != null && paramsSink != null) {
                paramsSink.accept(params);
            }
            return new SimulationList();
        }
        return new PList();
    }

    /**
     * The root's {@code Params} dict if it is already complete: either set in a dict on the stack
     * (SETITEM) or waiting on the stack as the value after the key {@code "Params"} (SETITEMS).
     */
    private Map<?, ?> paramsSoFar() {
        for (int i = 0; i < stack.size(); i++) {
            Object o = stack.get(i);
            if (o instanceof PDict && ((PDict) o).get("Params") instanceof PDict) {
                return (PDict) ((PDict) o).get("Params");
            }
            if ("Params".equals(o) && i + 1 < stack.size() && stack.get(i + 1) instanceof PDict) {
                return (PDict) stack.get(i + 1);
            }
        }
        return null;
    }

    /** Forwards appended simulations and keeps only a count (nulls), so memory stays at one simulation. */
    private final class SimulationList extends PList {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public boolean add(Object o) {
            if (!(o instanceof Map)) {
                throw new UncheckedInputFormatException(new InputFormatException(source, "Results." + SIMULATION_LIST_KEY + "[" + size() + "]",
                    "a dict (one simulation)", typeName(o)));
            }
            simulationSink.accept((Map<String, Object>) o);
            // The simulation is gone once the sink returns: what it held no longer counts.
            valuesHeld = valuesOutsideSimulations;
            return super.add(null);
        }
    }

    private int depthOf(Object o) {
        if (o instanceof PList) {
            return ((PList) o).depth;
        }
        if (o instanceof PDict) {
            return ((PDict) o).depth;
        }
        if (o instanceof Object[]) {
            return tupleDepth.getOrDefault(o, 1);
        }
        return 0;
    }

    /** The depth a container reaches when it holds {@code v}, refused past {@link InputLimits#MAX_DEPTH}. */
    private int nestedDepth(Object v, long at) throws InputFormatException {
        int d = 1 + depthOf(v);
        if (d > InputLimits.MAX_DEPTH) {
            throw new InputFormatException(source, "pickle offset " + at, "lists, dicts and tuples nested at most "
                + InputLimits.MAX_DEPTH + " deep (elmkit.limit.depth)", "deeper nesting");
        }
        return d;
    }

    private Object[] tuple(Object[] items, long at) throws InputFormatException {
        int d = 1;
        for (Object v : items) {
            d = Math.max(d, nestedDepth(v, at));
        }
        if (d > 1) {
            tupleDepth.put(items, d);
        }
        held(items.length, at);
        return items;
    }

    private void append(PList list, Object v, long at) throws InputFormatException {
        list.depth = Math.max(list.depth, nestedDepth(v, at));
        held(1, at);
        list.add(v);
    }

    private void setItem(PDict d, Object k, Object v, long at) throws InputFormatException {
        k = resolve(k);
        // Scalar keys only (Python's NeuronIO files use str and int): hashing a list or dict key
        // would recurse through it, and Python itself refuses lists and dicts as keys.
        if (!(k == null || k instanceof String || k instanceof Long || k instanceof Double || k instanceof Boolean)) {
            throw new InputFormatException(source, "pickle offset " + at, "a dict key that is a str or a number",
                typeName(k));
        }
        d.depth = Math.max(d.depth, nestedDepth(v, at));
        held(1, at);
        d.put(k, v);
    }

    /** Counts values kept in containers (back to the parameters' count when simulations are handed on). */
    private void held(long n, long at) throws InputFormatException {
        valuesHeld += n;
        if (valuesHeld > maxValuesHeld) {
            throw new InputFormatException(source, "pickle offset " + at, "at most " + maxValuesHeld
                + " values held at once (elmkit.limit.steps; raise it for larger batches of simulations)", "more");
        }
    }

    private PList list(Object o, int op, long at) throws InputFormatException {
        return as(PList.class, o, "a list", op, at);
    }

    private PDict dict(Object o, int op, long at) throws InputFormatException {
        return as(PDict.class, o, "a dict", op, at);
    }

    private <T> T as(Class<T> type, Object o, String expected, int op, long at) throws InputFormatException {
        if (!type.isInstance(o)) {
            throw new InputFormatException(source, "pickle offset " + at, "opcode '" + printable(op) + "' on "
                + expected, typeName(o));
        }
        return type.cast(o);
    }

    /** A value's Python-ish type, never its contents (which may be huge or deeply nested). */
    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Long || o instanceof Boolean) {
            return o instanceof Boolean ? "bool" : "int";
        }
        if (o instanceof Double) {
            return "float";
        }
        if (o instanceof byte[]) {
            return "bytes";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof Object[]) {
            return "tuple";
        }
        if (o instanceof NdArray) {
            return "numpy array " + ((NdArray) o).dtype().numpyCode() + " " + Arrays.toString(((NdArray) o).shape());
        }
        if (o instanceof Global) {
            return "global " + o;
        }
        if (o instanceof NumpyDType) {
            return "numpy dtype";
        }
        if (o instanceof PendingArray) {
            return "numpy array";
        }
        return o.getClass().getSimpleName();
    }

    private void memoPut(int index, int op, long at) throws InputFormatException {
        if (memoNeeded == null || memoNeeded.get(index)) {
            memo.put(index, peek(op, at));
        }
    }

    private Object memoGet(int index, long at) throws InputFormatException {
        if (!memo.containsKey(index)) {
            throw new InputFormatException(source, "pickle offset " + at, "memo slot " + index + " read before it was set");
        }
        return memo.get(index);
    }

    /**
     * A memo index: non-negative and below the offset (each slot takes at least one opcode to set),
     * so a forged index cannot make the memo bitmap large.
     */
    private int memoIndex(long index, long at) throws InputFormatException {
        int max = (int) Math.min(Integer.MAX_VALUE - 1, at);
        if (index >= 0 && index <= max) {
            return (int) index; // the hot path: no message built
        }
        return Checks.toInt(source, "pickle offset " + at + ": memo index", index, 0, max);
    }

    // ------------------------------------------------------------------ numpy

    private enum Global { SCALAR, RECONSTRUCT, NDARRAY, DTYPE, CODECS_ENCODE }

    private Global global(String module, String name, long at) throws InputFormatException {
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
                throw new InputFormatException(source, "pickle offset " + at, "refused global '" + g
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

    private Object arg(Object[] args, int i, int op, long at) throws InputFormatException {
        if (i >= args.length) {
            throw new InputFormatException(source, "pickle offset " + at, "opcode '" + printable(op)
                + "' with at least " + (i + 1) + " arguments", args.length + " arguments");
        }
        return resolve(args[i]);
    }

    private Object reduce(Object f, Object[] args, long at) throws IOException {
        int op = 'R';
        if (!(f instanceof Global)) {
            throw new InputFormatException(source, "pickle offset " + at, "REDUCE on a numpy global", typeName(f));
        }
        switch ((Global) f) {
            case DTYPE:
                return new NumpyDType(as(String.class, arg(args, 0, op, at), "a dtype code (str)", op, at));
            case RECONSTRUCT:
                return new PendingArray();
            case SCALAR: {
                NumpyDType t = as(NumpyDType.class, arg(args, 0, op, at), "a numpy dtype", op, at);
                NdArray a = decode(t, rawBytes(arg(args, 1, op, at), op, at), new int[0], at);
                return a.dtype().isFloatingPoint() ? (Object) a.getDouble(0) : (Object) a.getLong(0);
            }
            case CODECS_ENCODE:
                return latin1Bytes(as(String.class, arg(args, 0, op, at), "a str to encode", op, at));
            default:
                throw new InputFormatException(source, "pickle offset " + at, "cannot call numpy.ndarray directly");
        }
    }

    private byte[] rawBytes(Object o, int op, long at) throws InputFormatException {
        if (o instanceof byte[]) {
            return (byte[]) o;
        }
        return latin1Bytes(as(String.class, o, "raw data (bytes or str)", op, at));
    }

    private void build(Object target, Object state, long at) throws IOException {
        int op = 'b';
        Object[] s = as(Object[].class, resolve(state), "a state tuple", op, at);
        if (target instanceof NumpyDType) {
            // (version, byteorder, subarray, names, fields, elsize, alignment, flags)
            String order = as(String.class, arg(s, 1, op, at), "a byte order (str)", op, at);
            ((NumpyDType) target).order = order.isEmpty() ? '|' : order.charAt(0);
            return;
        }
        if (target instanceof PendingArray) {
            // (version, shape, dtype, is_fortran, raw data)
            Object[] shapeTuple = as(Object[].class, arg(s, 1, op, at), "a shape tuple", op, at);
            int[] shape = new int[shapeTuple.length];
            for (int i = 0; i < shape.length; i++) {
                long d = as(Long.class, resolve(shapeTuple[i]), "an int dimension", op, at);
                shape[i] = Checks.toInt(source, "pickle offset " + at + ": array dimension " + i, d, 0,
                    (int) InputLimits.MAX_ARRAY_ELEMENTS);
            }
            if (Boolean.TRUE.equals(arg(s, 3, op, at)) && shape.length > 1) {
                throw new InputFormatException(source, "pickle offset " + at, "Fortran-ordered array not supported");
            }
            NumpyDType t = as(NumpyDType.class, arg(s, 2, op, at), "a numpy dtype", op, at);
            ((PendingArray) target).value = decode(t, rawBytes(arg(s, 4, op, at), op, at), shape, at);
            return;
        }
        throw new InputFormatException(source, "pickle offset " + at, "BUILD on a numpy dtype or array", typeName(target));
    }

    private NdArray decode(NumpyDType t, byte[] raw, int[] shape, long at) throws InputFormatException {
        DType dtype = DType.fromNumpyCode(t.code.equals("?") ? "b1" : t.code);
        if (dtype == null) {
            throw new InputFormatException(source, "pickle offset " + at, "unsupported numpy dtype '" + t.code + "'");
        }
        // The data bytes are already read: an array is never larger than what its pickle holds.
        long n = 1;
        for (int d : shape) {
            n *= d; // each d <= 2^31 and n <= raw.length: no overflow
            if (n > raw.length) {
                break;
            }
        }
        if (n > raw.length || raw.length != n * dtype.itemSizeBytes()) {
            throw new InputFormatException(source, "pickle offset " + at, "data bytes for a numpy array of shape "
                + Arrays.toString(shape) + " " + t.code, raw.length + " bytes");
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

    private void push(Object o, long at) throws InputFormatException {
        stack.add(o);
        checkStack(at);
    }

    private void checkStack(long at) throws InputFormatException {
        if (stack.size() + marks.size() > MAX_STACK_ENTRIES) {
            throw new InputFormatException(source, "pickle offset " + at, "at most " + MAX_STACK_ENTRIES
                + " values on the unpickling stack", "more (a forged or non-NeuronIO pickle)");
        }
    }

    private Object pop(int op, long at) throws InputFormatException {
        if (stack.size() <= marks.top()) {
            throw emptyStack(op, at);
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek(int op, long at) throws InputFormatException {
        if (stack.size() <= marks.top()) {
            throw emptyStack(op, at);
        }
        return stack.get(stack.size() - 1);
    }

    private InputFormatException emptyStack(int op, long at) {
        return new InputFormatException(source, "pickle offset " + at, "a value on the stack for opcode '"
            + printable(op) + "'", "none (a malformed pickle)");
    }

    private List<Object> popMark(int op, long at) throws InputFormatException {
        if (marks.size() == 0) {
            throw new InputFormatException(source, "pickle offset " + at, "a MARK for opcode '" + printable(op) + "'",
                "none (a malformed pickle)");
        }
        int m = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        for (int i = 0; i < items.size(); i++) {
            items.set(i, resolve(items.get(i)));
        }
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private int readOpcode() throws IOException {
        long at = input.position();
        int op = in.read();
        if (op < 0) {
            throw new InputFormatException(source, "pickle offset " + at,
                "truncated: the file ends before the pickle's STOP opcode");
        }
        return op;
    }

    private int u8() throws IOException {
        return in.readUnsignedByte();
    }

    private int u16() throws IOException {
        int lo = u8();
        return lo | u8() << 8;
    }

    private int int32() throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    private long readLong64() throws IOException {
        return Long.reverseBytes(in.readLong());
    }

    /** LONG1/LONG4: a little-endian two's complement integer of n bytes; NeuronIO's fit in 8. */
    private long longN(long n, String opcode, long at) throws IOException {
        if (n < 0 || n > 8) {
            throw new InputFormatException(source, "pickle offset " + at, opcode
                + " integer of 0 .. 8 bytes (a NeuronIO value)", n + " bytes declared");
        }
        byte[] b = bytes(n, opcode, at);
        long v = 0;
        for (int i = (int) n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        if (n > 0 && n < 8 && (b[(int) n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n); // negative
        }
        return v;
    }

    /**
     * {@code n} bytes of a string or bytes argument: the declared length is checked against what
     * can still come before anything is allocated, and long ones are read in chunks, so memory
     * follows the bytes that actually arrive, not the length a file claims.
     */
    private byte[] bytes(long n, String opcode, long at) throws IOException {
        checkLength(n, opcode, at);
        int length = (int) n;
        if (length <= CHUNK_BYTES) {
            byte[] b = new byte[length];
            readFully(b, 0, length, n, opcode, at);
            return b;
        }
        byte[] b = new byte[CHUNK_BYTES];
        int filled = 0;
        while (filled < length) {
            if (filled == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(length, 2L * b.length));
            }
            int part = b.length - filled;
            readFully(b, filled, part, n, opcode, at);
            filled += part;
        }
        return b;
    }

    private void checkLength(long n, String opcode, long at) throws InputFormatException {
        long left = input.bytesLeft();
        if (n < 0 || n > left || n > InputLimits.MAX_ARRAY_ELEMENTS) {
            throw new InputFormatException(source, "pickle offset " + at + ": " + opcode + " length",
                "at most " + input.whatBoundsTheRest(), n + " bytes declared");
        }
    }

    private void readFully(byte[] b, int off, int len, long declared, String opcode, long at) throws IOException {
        try {
            in.readFully(b, off, len);
        } catch (EOFException e) {
            throw new InputFormatException(source, "pickle offset " + at + ": " + opcode + " length",
                declared + " bytes as declared", "the end of the file at offset " + input.position());
        }
    }

    private void skipBytes(long n, String opcode, long at) throws IOException {
        checkLength(n, opcode, at);
        long skipped = input.skip(n);
        if (skipped < n) {
            throw new InputFormatException(source, "pickle offset " + at + ": " + opcode + " length",
                n + " bytes as declared", "the end of the file after " + skipped);
        }
    }

    private String line(long at) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new InputFormatException(source, "pickle offset " + at, "truncated inside a text argument");
            }
            if (sb.length() >= MAX_LINE_CHARS) {
                throw new InputFormatException(source, "pickle offset " + at, "a text argument of at most "
                    + MAX_LINE_CHARS + " characters", "a longer one");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** A text integer argument (GET, PUT of protocol 0). */
    private long textInt(long at) throws IOException {
        String text = line(at).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InputFormatException(source, "pickle offset " + at, "a decimal memo index",
                "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }

    private void skipArgument(int op, long at) throws IOException {
        switch (op) {
            case 0x80: case 'K': case 'q': u8(); break;
            case 'M': u16(); break;
            case 'J': case 'r': int32(); break;
            case 'G': case 0x95: readLong64(); break;
            case 0x8a: skipLongN(u8(), "LONG1", at); break;
            case 0x8b: skipLongN(int32(), "LONG4", at); break;
            case 'U': skipBytes(u8(), "SHORT_BINSTRING", at); break;
            case 0x8c: skipBytes(u8(), "SHORT_BINUNICODE", at); break;
            case 'C': skipBytes(u8(), "SHORT_BINBYTES", at); break;
            case 'T': skipBytes(int32(), "BINSTRING", at); break;
            case 'X': skipBytes(int32(), "BINUNICODE", at); break;
            case 'B': skipBytes(int32(), "BINBYTES", at); break;
            case 0x8d: skipBytes(readLong64(), "BINUNICODE8", at); break;
            case 0x8e: skipBytes(readLong64(), "BINBYTES8", at); break;
            case 'c': line(at); line(at); break;
            case 'p': memoIndex(textInt(at), at); break;
            case '}': case ']': case ')': case '(': case 'N': case 0x88: case 0x89: case 0x94: case 't':
            case 0x85: case 0x86: case 0x87: case 'a': case 'e': case 's': case 'u': case 'R': case 'b':
            case '0': case '1': case '2':
                break; // no argument
            default:
                // Unknown opcodes are refused here too: skipping them would read their arguments as opcodes.
                throw unsupported(op, at);
        }
    }

    private void skipLongN(long n, String opcode, long at) throws IOException {
        if (n < 0 || n > 8) {
            throw new InputFormatException(source, "pickle offset " + at, opcode
                + " integer of 0 .. 8 bytes (a NeuronIO value)", n + " bytes declared");
        }
        skipBytes(n, opcode, at);
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
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }

        int pop() {
            return v[--n];
        }

        /** The innermost mark (values below it belong to an outer frame), or 0. */
        int top() {
            return n == 0 ? 0 : v[n - 1];
        }

        int size() {
            return n;
        }
    }
}
