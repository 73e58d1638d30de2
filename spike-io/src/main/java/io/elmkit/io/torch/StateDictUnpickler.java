package io.elmkit.io.torch;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.check.InputLimits;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler, narrowed to what a PyTorch state dict needs. Every global the pickle names
 * is checked against a small allow-list before anything is built (GLOBAL, STACK_GLOBAL, INST, OBJ
 * are intercepted, so Pyrolite's generic fallback never runs); persistent ids load storages from
 * the archive; dicts keep their key order; BUILD is accepted only to attach {@code _metadata}.
 */
final class StateDictUnpickler extends Unpickler {

    /** Reads the raw bytes of storage {@code key} from the archive. */
    interface StorageSource {
        byte[] read(String key) throws IOException;
    }

    private final String source;
    private final StorageSource storages;
    private final Map<String, Storage> loaded = new LinkedHashMap<>();

    StateDictUnpickler(String source, StorageSource storages) {
        this.source = source;
        this.storages = storages;
    }

    /** An ordered dict (what OrderedDict builds); {@code metadata} holds {@code _metadata} if set. */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        Object metadata;
    }

    /** A loaded storage: element type and raw little-endian bytes. */
    static final class Storage {
        final StorageType type;
        final byte[] bytes;
        final String key;

        Storage(StorageType type, byte[] bytes, String key) {
            this.type = type;
            this.bytes = bytes;
            this.key = key;
        }

        long numel() {
            return bytes.length / Math.max(1, type.dtype.itemSizeBytes());
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL: {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL: {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(resolve(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST:
            case Opcodes.OBJ:
                throw new PickleException("refused pickle opcode " + (key == Opcodes.INST ? "INST" : "OBJ")
                    + ": a state dict never instantiates classes this way");
            case Opcodes.SETITEM: {
                Object value = stack.pop();
                Object k = stack.pop();
                dict(stack.peek()).put(k, value);
                return NO_RETURN_VALUE;
            }
            case Opcodes.SETITEMS: {
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> dict = dict(stack.peek());
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    dict.put(items.get(i), items.get(i + 1));
                }
                return NO_RETURN_VALUE;
            }
            case Opcodes.BUILD: {
                Object state = stack.pop();
                Object target = stack.peek();
                if (target instanceof OrderedDict && state instanceof Map) {
                    Map<?, ?> s = (Map<?, ?>) state;
                    if (s.keySet().stream().allMatch("_metadata"::equals)) {
                        ((OrderedDict) target).metadata = s.get("_metadata");
                        return NO_RETURN_VALUE;
                    }
                }
                throw new PickleException("refused BUILD (setstate) on " + describe(target)
                    + ": only an OrderedDict's _metadata may be set");
            }
            default:
                return super.dispatch(key);
        }
    }

    private Map<Object, Object> dict(Object o) {
        if (o instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) o;
            return m;
        }
        throw new PickleException("SETITEM on " + describe(o) + ", which is not a dict");
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    /** The allow-list: what a plain state dict may name. Anything else is refused, unbuilt. */
    private IObjectConstructor resolve(String module, String name) {
        String global = module + "." + name;
        switch (global) {
            case "collections.OrderedDict":
                return args -> new OrderedDict();
            case "torch._utils._rebuild_tensor_v2":
                return this::rebuildTensor;
            case "torch._utils._rebuild_parameter":
                return args -> {
                    if (args.length < 1 || !(args[0] instanceof NdArray)) {
                        throw new PickleException("_rebuild_parameter expects a tensor as first argument");
                    }
                    return args[0];
                };
            default:
                if (module.equals("torch")) {
                    StorageType t = StorageType.byClassName(name);
                    if (t != null) {
                        return new StorageMarker(t);
                    }
                    if (name.endsWith("Storage")) {
                        throw new PickleException("unsupported storage type torch." + name + " (supported: Float, Double,"
                            + " Half, Long, Int, Short, Char, Byte, Bool)");
                    }
                }
                throw new PickleException("refused global '" + global + "': not on the allow-list of a state dict"
                    + " (collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter,"
                    + " torch.*Storage); nothing was built from it");
        }
    }

    /** Stands for a storage class inside a persistent id; never called. */
    static final class StorageMarker implements IObjectConstructor {
        final StorageType type;

        StorageMarker(StorageType type) {
            this.type = type;
        }

        @Override
        public Object construct(Object[] args) {
            throw new PickleException("refused call of storage class torch." + type.className);
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[])) {
            throw new PickleException("persistent id: expected a tuple ('storage', ...), found " + brief(pid));
        }
        Object[] t = (Object[]) pid;
        if (t.length != 5 || !"storage".equals(t[0]) || !(t[1] instanceof StorageMarker)) {
            throw new PickleException("persistent id: expected ('storage', torch.XStorage, key, location, numel),"
                + " found a tuple of " + t.length + " starting with " + (t.length > 0 ? brief(t[0]) : "nothing"));
        }
        StorageType type = ((StorageMarker) t[1]).type;
        String key = String.valueOf(t[2]);
        if (key.length() > 64) {
            throw new PickleException("persistent id: storage key: expected a short name, found " + key.length()
                + " characters");
        }
        long numel = count(t[4], "storage data/" + key + ": numel", InputLimits.MAX_ARRAY_ELEMENTS);
        // t[3] is the location ('cpu', 'cuda:0', ...): irrelevant on the JVM.
        Storage s = loaded.get(key);
        if (s == null) {
            byte[] bytes;
            try {
                bytes = storages.read(key);
            } catch (IOException e) {
                // Carried through Pyrolite unchanged: the reader rethrows it as it is (file, entry, expected, found).
                throw new PickleException(e.getMessage(), e);
            }
            long expected = numel * type.dtype.itemSizeBytes();
            if (bytes.length < expected) {
                throw new PickleException("storage data/" + key + ": expected " + expected + " bytes for its " + numel
                    + " " + type.className + " elements, found " + bytes.length + " bytes (truncated)");
            }
            s = new Storage(type, bytes, key);
            loaded.put(key, s);
        } else if (s.type != type) {
            throw new PickleException("storage data/" + key + ": expected one type for one storage, found "
                + s.type.className + " and " + type.className);
        }
        return s;
    }

    /**
     * _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).
     * Every size, stride and the offset is checked against the storage's real length with overflow-safe
     * arithmetic, and the element count against the storage and the array limit, before allocating.
     */
    private Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof Storage)) {
            throw new PickleException("_rebuild_tensor_v2: expected (storage, offset, size, stride, ...), found "
                + args.length + " arguments");
        }
        Storage storage = (Storage) args[0];
        String what = "tensor over storage data/" + storage.key;
        long numel = storage.numel();
        long offset = count(args[1], what + ": storage_offset", numel);
        long[] size = longs(args[2], what + ": size");
        long[] stride = longs(args[3], what + ": stride");
        if (size.length != stride.length) {
            throw new PickleException(what + ": stride: expected " + size.length + " strides for size "
                + Arrays.toString(size) + ", found " + Arrays.toString(stride));
        }
        int[] shape = new int[size.length];
        long n = 1;
        long maxIndex = offset;
        for (int d = 0; d < size.length; d++) {
            if (size[d] < 0 || size[d] > InputLimits.MAX_ARRAY_ELEMENTS) {
                throw new PickleException(what + ": size[" + d + "]: expected 0 .. " + InputLimits.MAX_ARRAY_ELEMENTS
                    + ", found " + size[d]);
            }
            // A zero stride repeats one element along an axis (an expanded view); a state dict never saves one.
            // The stride of an axis of size 0 or 1 is never used (torch leaves any value there).
            if (stride[d] < 0 || (size[d] > 1 && (stride[d] == 0 || stride[d] > numel))) {
                throw new PickleException(what + ": stride[" + d + "]: expected 1 .. " + numel + " (the storage's"
                    + " elements) for size " + size[d] + ", found " + stride[d]);
            }
            shape[d] = (int) size[d];
            if (size[d] == 0) {
                n = 0;
            } else if (n != 0) {
                try {
                    n = Math.multiplyExact(n, size[d]);
                    maxIndex = Math.addExact(maxIndex, Math.multiplyExact(size[d] - 1, stride[d]));
                } catch (ArithmeticException e) {
                    n = Long.MAX_VALUE;
                    maxIndex = Long.MAX_VALUE;
                }
            }
        }
        if (n > numel) {
            throw new PickleException(what + ": size: expected at most the storage's " + numel + " elements, found "
                + Arrays.toString(size) + " (" + (n == Long.MAX_VALUE ? "overflowing" : Long.toString(n)) + " elements)");
        }
        if (n > 0 && maxIndex >= numel) {
            throw new PickleException(what + ": size/stride/offset: expected elements within the storage's " + numel
                + ", found size " + Arrays.toString(size) + " stride " + Arrays.toString(stride) + " offset " + offset
                + " reaching element " + (maxIndex == Long.MAX_VALUE ? "past 2^63" : Long.toString(maxIndex)));
        }
        return materialise(storage, offset, shape, stride, (int) n);
    }

    /** A non-negative integer of at most {@code max} read from the pickle (not a float, not beyond a long). */
    private static long count(Object o, String what, long max) {
        if (!(o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
            || (o instanceof BigInteger && ((BigInteger) o).bitLength() < 64))) {
            throw new PickleException(what + ": expected an integer in 0 .. " + max + ", found " + brief(o));
        }
        long v = ((Number) o).longValue();
        if (v < 0 || v > max) {
            throw new PickleException(what + ": expected an integer in 0 .. " + max + ", found " + v);
        }
        return v;
    }

    private static long[] longs(Object o, String what) {
        if (!(o instanceof Object[])) {
            throw new PickleException(what + ": expected a tuple of integers, found " + brief(o));
        }
        Object[] a = (Object[]) o;
        if (a.length > 64) {
            throw new PickleException(what + ": expected at most 64 dimensions, found " + a.length);
        }
        long[] v = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof Long || a[i] instanceof Integer || a[i] instanceof BigInteger)) {
                throw new PickleException(what + "[" + i + "]: expected an integer, found " + brief(a[i]));
            }
            if (a[i] instanceof BigInteger && ((BigInteger) a[i]).bitLength() >= 64) {
                throw new PickleException(what + "[" + i + "]: expected an integer below 2^63, found "
                    + ((BigInteger) a[i]).bitLength() + "-bit integer");
            }
            v[i] = ((Number) a[i]).longValue();
        }
        return v;
    }

    /** A short description of a pickled value for an error line. */
    static String brief(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Number || o instanceof Boolean) {
            String t = o.toString();
            return t.length() > 40 ? t.substring(0, 40) + "..." : t;
        }
        if (o instanceof String) {
            String t = (String) o;
            return "'" + (t.length() > 40 ? t.substring(0, 40) + "...'" : t + "'");
        }
        if (o instanceof Object[]) {
            return "a tuple of " + ((Object[]) o).length;
        }
        return "a " + o.getClass().getSimpleName();
    }

    /** Copies a strided view of a storage into a C-ordered array. */
    private static NdArray materialise(Storage s, long offset, int[] shape, long[] stride, int n) {
        DType dtype = s.type.dtype;
        int item = dtype.itemSizeBytes();
        ByteBuffer buf = ByteBuffer.wrap(s.bytes).order(ByteOrder.LITTLE_ENDIAN);
        NdArray out = NdArray.zeros(dtype, shape);
        Object data = out.data();
        int[] index = new int[shape.length];
        for (int i = 0; i < n; i++) {
            long element = offset;
            for (int d = 0; d < shape.length; d++) {
                element += index[d] * stride[d];
            }
            int at = (int) (element * item);
            switch (dtype) {
                case FLOAT32: ((float[]) data)[i] = buf.getFloat(at); break;
                case FLOAT64: ((double[]) data)[i] = buf.getDouble(at); break;
                case FLOAT16:
                case INT16: ((short[]) data)[i] = buf.getShort(at); break;
                case INT64: ((long[]) data)[i] = buf.getLong(at); break;
                case INT32: ((int[]) data)[i] = buf.getInt(at); break;
                case INT8:
                case UINT8: ((byte[]) data)[i] = buf.get(at); break;
                case BOOL: ((boolean[]) data)[i] = buf.get(at) != 0; break;
                default: throw new PickleException("unsupported dtype " + dtype);
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    /** Storages referenced so far, in first-use order (for diagnostics). */
    List<String> storageKeys() {
        return new ArrayList<>(loaded.keySet());
    }
}
