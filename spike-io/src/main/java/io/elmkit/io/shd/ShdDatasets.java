package io.elmkit.io.shd;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.VariableLength;
import java.util.Arrays;

/** Finding the datasets of an SHD file and checking their shape and type before anything is decoded. */
final class ShdDatasets {
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
        return (Dataset) node;
    }

    /** The dataset at {@code path}, or null when the file has no dataset there. */
    static Dataset optional(HdfFile hdf, String path) {
        try {
            Node node = hdf.getByPath(path);
            return node instanceof Dataset ? (Dataset) node : null;
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    /** Number of elements of a 1-d dataset; anything else is refused. */
    static int length1d(Dataset dataset, String file, String path) {
        int[] dims = dataset.getDimensions();
        if (dims.length != 1) {
            throw new ShdInputException(file, path, "a 1-d dataset", "shape " + Arrays.toString(dims));
        }
        return dims[0];
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
