package io.elmkit.io.torch;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import java.io.IOException;
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
            throw new PickleException("unexpected persistent id " + pid);
        }
        Object[] t = (Object[]) pid;
        if (t.length != 5 || !"storage".equals(t[0]) || !(t[1] instanceof StorageMarker)) {
            throw new PickleException("unexpected persistent id (expected ('storage', torch.XStorage, key, location,"
                + " numel)): " + java.util.Arrays.deepToString(t));
        }
        StorageType type = ((StorageMarker) t[1]).type;
        String key = String.valueOf(t[2]);
        long numel = ((Number) t[4]).longValue();
        // t[3] is the location ('cpu', 'cuda:0', ...): irrelevant on the JVM.
        Storage s = loaded.get(key);
        if (s == null) {
            byte[] bytes;
            try {
                bytes = storages.read(key);
            } catch (IOException e) {
                throw new PickleException(e.getMessage());
            }
            long expected = numel * type.dtype.itemSizeBytes();
            if (bytes.length < expected) {
                throw new PickleException("storage data/" + key + " holds " + bytes.length + " bytes, but its "
                    + numel + " " + type.className + " elements need " + expected);
            }
            s = new Storage(type, bytes, key);
            loaded.put(key, s);
        }
        return s;
    }

    /** _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
    private Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof Storage)) {
            throw new PickleException("_rebuild_tensor_v2 expects (storage, offset, size, stride, ...), got "
                + args.length + " arguments");
        }
        Storage storage = (Storage) args[0];
        long offset = ((Number) args[1]).longValue();
        long[] size = longs(args[2], "size");
        long[] stride = longs(args[3], "stride");
        if (size.length != stride.length) {
            throw new PickleException("tensor size " + java.util.Arrays.toString(size) + " and stride "
                + java.util.Arrays.toString(stride) + " differ in rank");
        }
        int[] shape = new int[size.length];
        long n = 1;
        long maxIndex = offset;
        for (int d = 0; d < size.length; d++) {
            if (size[d] < 0 || size[d] > Integer.MAX_VALUE || stride[d] < 0) {
                throw new PickleException("bad tensor size/stride " + java.util.Arrays.toString(size) + " / "
                    + java.util.Arrays.toString(stride));
            }
            shape[d] = (int) size[d];
            n *= size[d];
            if (size[d] > 0) {
                maxIndex += (size[d] - 1) * stride[d];
            }
        }
        if (n > 0 && maxIndex >= storage.numel()) {
            throw new PickleException("tensor over storage data/" + storage.key + " reaches element " + maxIndex
                + " but the storage holds " + storage.numel());
        }
        return materialise(storage, offset, shape, stride, (int) n);
    }

    private static long[] longs(Object o, String what) {
        if (!(o instanceof Object[])) {
            throw new PickleException("tensor " + what + " is not a tuple: " + o);
        }
        Object[] a = (Object[]) o;
        long[] v = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = ((Number) a[i]).longValue();
        }
        return v;
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
