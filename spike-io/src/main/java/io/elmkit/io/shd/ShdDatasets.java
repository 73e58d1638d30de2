package io.elmkit.io.shd;

import io.elmkit.io.check.InputLimits;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.VariableLength;
import java.util.Arrays;

/**
 * Finding the datasets of an SHD file and checking their shape, type and declared size before
 * anything is decoded: jhdf decodes a whole dataset into one array, so a small file declaring a
 * dataset of billions of elements (or deflate chunks inflating far past the file) must be refused
 * from its header.
 */
final class ShdDatasets {
    /**
     * How many times its stored size a deflate-compressed dataset may decode to: deflate's own limit
     * is about 1032:1, so a dataset declaring more than this over the whole file is a forgery or a bomb.
     */
    static final long MAX_DEFLATE_RATIO = 1032;

    private ShdDatasets() {
    }

    /** The dataset at {@code path}, refused naming file and path when missing or a group. */
    static Dataset require(HdfFile hdf, String file, String path) {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (HdfInvalidPathException e) {
            throw new ShdInputException(file, path, "a dataset (SHD layout)", "none");
        }
        if (!(node instanceof Dataset)) {
            throw new ShdInputException(file, path, "a dataset (SHD layout)", "a " + node.getType());
        }
        return requireDecodable(hdf, (Dataset) node, file, path);
    }

    /** The dataset at {@code path}, or null when the file has no dataset there. */
    static Dataset optional(HdfFile hdf, String file, String path) {
        try {
            Node node = hdf.getByPath(path);
            return node instanceof Dataset ? requireDecodable(hdf, (Dataset) node, file, path) : null;
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    /**
     * Refuses a dataset whose declared size cannot be decoded into memory or cannot come from this
     * file: more than {@link InputLimits#MAX_ARRAY_ELEMENTS} elements or {@link InputLimits#MAX_BYTES}
     * bytes, more bytes than the file holds when stored plainly, or more than
     * {@value #MAX_DEFLATE_RATIO} times the file when filtered (compressed).
     */
    static Dataset requireDecodable(HdfFile hdf, Dataset dataset, String file, String path) {
        long[] dims = dataset.getDimensionsAsLong();
        long elements = 1;
        for (long d : dims) {
            if (d < 0 || (d != 0 && elements > InputLimits.MAX_ARRAY_ELEMENTS / d)) {
                throw new ShdInputException(file, path, "at most " + InputLimits.MAX_ARRAY_ELEMENTS + " elements",
                    "shape " + Arrays.toString(dims));
            }
            elements *= d;
        }
        long elementBytes = Math.max(1, dataset.getDataType().getSize());
        long bytes = elements > Long.MAX_VALUE / elementBytes ? Long.MAX_VALUE : elements * elementBytes;
        if (bytes > InputLimits.MAX_BYTES) {
            throw new ShdInputException(file, path, "at most " + InputLimits.MAX_BYTES + " bytes (elmkit.limit.bytes)",
                "shape " + Arrays.toString(dims) + " of " + elementBytes + "-byte elements (" + bytes + " bytes)");
        }
        long fileBytes = hdf.getHdfBackingStorage().size();
        boolean filtered = !dataset.getFilters().isEmpty();
        long holdable = filtered ? (fileBytes > Long.MAX_VALUE / MAX_DEFLATE_RATIO ? Long.MAX_VALUE
            : fileBytes * MAX_DEFLATE_RATIO) : fileBytes;
        if (bytes > holdable) {
            throw new ShdInputException(file, path, "a size the " + fileBytes + "-byte file can hold"
                    + (filtered ? " (at most " + MAX_DEFLATE_RATIO + " times it, compressed)" : ""),
                "shape " + Arrays.toString(dims) + " declaring " + bytes + " bytes");
        }
        return dataset;
    }

    /** Number of elements of a 1-d dataset, at most {@code max}; anything else is refused. */
    static int length1d(Dataset dataset, String file, String path, long max) {
        long[] dims = dataset.getDimensionsAsLong();
        if (dims.length != 1) {
            throw new ShdInputException(file, path, "a 1-d dataset", "shape " + Arrays.toString(dims));
        }
        if (dims[0] > max) {
            throw new ShdInputException(file, path, "at most " + max + " elements", dims[0] + " elements");
        }
        return (int) dims[0];
    }

    /** Checks that a ragged dataset holds variable-length sequences of {@code elementClass} numbers. */
    static void requireVariableLength(Dataset dataset, String file, String path, Class<? extends DataType> elementClass,
                                      String expected) {
        DataType type = dataset.getDataType();
        if (!(type instanceof VariableLength) || ((VariableLength) type).isVariableLengthString()
            || !elementClass.isInstance(((VariableLength) type).getParent())) {
            throw new ShdInputException(file, path, expected, describe(type));
        }
    }

    /** Checks that a flat dataset holds {@code elementClass} numbers. */
    static void requireType(Dataset dataset, String file, String path, Class<? extends DataType> elementClass,
                            String expected) {
        if (!elementClass.isInstance(dataset.getDataType())) {
            throw new ShdInputException(file, path, expected, describe(dataset.getDataType()));
        }
    }

    /** E.g. "variable-length FloatingPoint (2 bytes)", for error messages. */
    static String describe(DataType type) {
        if (type instanceof VariableLength) {
            VariableLength vlen = (VariableLength) type;
            return vlen.isVariableLengthString() ? "variable-length strings"
                : "variable-length " + describe(vlen.getParent());
        }
        return type.getClass().getSimpleName() + " (" + type.getSize() + " bytes)";
    }
}
