package io.elmkit.io.npy;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.DType;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of a .npy file: dtype, byte order, shape. Parses the Python dict literal NumPy writes
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}) and writes one padded to
 * a multiple of 64 bytes, as NumPy does.
 */
final class NpyHeader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    final DType dtype;
    final ByteOrder order;
    final int[] shape;

    NpyHeader(DType dtype, ByteOrder order, int[] shape) {
        this.dtype = dtype;
        this.order = order;
        this.shape = shape;
    }

    /** Parses the dict text; {@code source} names the file in errors. */
    static NpyHeader parse(String text, String source) throws InputFormatException {
        String descr = null;
        Boolean fortran = null;
        int[] shape = null;
        Cursor c = new Cursor(text.trim(), source);
        c.expect('{');
        while (true) {
            c.skipSpace();
            if (c.peek() == '}') {
                c.pos++;
                break;
            }
            String key = c.string();
            c.skipSpace();
            c.expect(':');
            c.skipSpace();
            switch (key) {
                case "descr":
                    if (c.peek() != '\'' && c.peek() != '"') {
                        throw new InputFormatException(source, "header field 'descr': structured dtypes are not supported,"
                            + " expected a simple type string such as '<f4'");
                    }
                    descr = c.string();
                    break;
                case "fortran_order":
                    fortran = c.bool();
                    break;
                case "shape":
                    shape = c.tuple();
                    break;
                default:
                    throw new InputFormatException(source, "unexpected header field '" + key
                        + "' (expected descr, fortran_order, shape)");
            }
            c.skipSpace();
            if (c.peek() == ',') {
                c.pos++;
            }
        }
        if (descr == null || fortran == null || shape == null) {
            throw new InputFormatException(source, "header lacks "
                + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'") + ": " + text.trim());
        }
        if (fortran && shape.length > 1) {
            throw new InputFormatException(source, "header field 'fortran_order' is True: only C-ordered arrays are"
                + " supported (save with np.ascontiguousarray)");
        }
        return fromDescr(descr, shape, source);
    }

    private static NpyHeader fromDescr(String descr, int[] shape, String source) throws InputFormatException {
        if (descr.length() < 3) {
            throw new InputFormatException(source, "header field 'descr': unsupported dtype '" + descr + "'");
        }
        char orderChar = descr.charAt(0);
        String code = descr.substring(1);
        if (code.equals("?")) {
            code = "b1";
        }
        DType dtype = DType.fromNumpyCode(code);
        if (dtype == null) {
            throw new InputFormatException(source, "header field 'descr': unsupported dtype '" + descr + "' (supported:"
                + " float16/32/64, int8/16/32/64, uint8/16, bool)");
        }
        ByteOrder order;
        switch (orderChar) {
            case '<':
            case '|':
            case '=':
                order = ByteOrder.LITTLE_ENDIAN;
                break;
            case '>':
                order = ByteOrder.BIG_ENDIAN;
                break;
            default:
                throw new InputFormatException(source, "header field 'descr': unknown byte order '" + orderChar
                    + "' in '" + descr + "'");
        }
        if (orderChar == '=' && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            order = ByteOrder.BIG_ENDIAN;
        }
        return new NpyHeader(dtype, order, shape);
    }

    /** The complete header (magic, version, length, padded dict) for a little-endian array. */
    static byte[] encode(DType dtype, int[] shape) {
        StringBuilder dict = new StringBuilder();
        String descr = (dtype.itemSizeBytes() == 1 ? "|" : "<") + (dtype == DType.BOOL ? "b1" : dtype.numpyCode());
        dict.append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dict.append(shape.length == 1 ? "," : ", ");
            }
        }
        dict.append("), }");
        // Version 1.0 has a 2-byte length; 2.0 a 4-byte one for very long headers.
        int version = dict.length() + 11 > 65535 ? 2 : 1;
        int prefix = MAGIC.length + 2 + (version == 1 ? 2 : 4);
        int total = ((prefix + dict.length() + 1 + 63) / 64) * 64;
        int padding = total - prefix - dict.length() - 1;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix + text.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) version;
        out[7] = 0;
        int len = text.length;
        if (version == 1) {
            out[8] = (byte) len;
            out[9] = (byte) (len >>> 8);
        } else {
            out[8] = (byte) len;
            out[9] = (byte) (len >>> 8);
            out[10] = (byte) (len >>> 16);
            out[11] = (byte) (len >>> 24);
        }
        System.arraycopy(text, 0, out, prefix, text.length);
        return out;
    }

    /** A tiny reader of the Python literal subset NumPy headers use. */
    private static final class Cursor {
        final String s;
        final String source;
        int pos;

        Cursor(String s, String source) {
            this.s = s;
            this.source = source;
        }

        char peek() throws InputFormatException {
            if (pos >= s.length()) {
                throw error("unexpected end of header");
            }
            return s.charAt(pos);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        void expect(char ch) throws InputFormatException {
            if (peek() != ch) {
                throw error("expected '" + ch + "' at position " + pos);
            }
            pos++;
        }

        String string() throws InputFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string at position " + pos);
            }
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string at position " + pos);
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        boolean bool() throws InputFormatException {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("expected True or False at position " + pos);
        }

        int[] tuple() throws InputFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a dimension at position " + pos);
                }
                String digits = s.substring(start, pos);
                // More than 10 digits cannot be an int; parsing them could overflow a long.
                long d = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
                if (d > Integer.MAX_VALUE) {
                    throw new InputFormatException(source, "header field 'shape'", "dimensions of at most "
                        + Integer.MAX_VALUE, digits.length() > 24 ? digits.substring(0, 24) + "... (" + digits.length()
                        + " digits)" : digits);
                }
                dims.add((int) d);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                }
            }
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i);
            }
            return shape;
        }

        InputFormatException error(String problem) {
            return new InputFormatException(source, "malformed header (" + problem + "): " + s);
        }
    }
}
