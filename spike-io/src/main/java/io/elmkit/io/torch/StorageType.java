package io.elmkit.io.torch;

import io.elmkit.io.nd.DType;

/** PyTorch's legacy typed storages ({@code torch.FloatStorage}, ...) and the element type of each. */
enum StorageType {
    FLOAT("FloatStorage", DType.FLOAT32),
    DOUBLE("DoubleStorage", DType.FLOAT64),
    HALF("HalfStorage", DType.FLOAT16),
    LONG("LongStorage", DType.INT64),
    INT("IntStorage", DType.INT32),
    SHORT("ShortStorage", DType.INT16),
    CHAR("CharStorage", DType.INT8),
    BYTE("ByteStorage", DType.UINT8),
    BOOL("BoolStorage", DType.BOOL);

    final String className;
    final DType dtype;

    StorageType(String className, DType dtype) {
        this.className = className;
        this.dtype = dtype;
    }

    static StorageType byClassName(String name) {
        for (StorageType t : values()) {
            if (t.className.equals(name)) {
                return t;
            }
        }
        return null;
    }

    static StorageType byDType(DType dtype) {
        for (StorageType t : values()) {
            if (t.dtype == dtype) {
                return t;
            }
        }
        throw new IllegalArgumentException("no PyTorch storage for " + dtype);
    }
}
