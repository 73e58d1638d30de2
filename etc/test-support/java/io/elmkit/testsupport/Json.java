package io.elmkit.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A JSON value read with the JDK only (etc/test-support cannot depend on Jackson: not every module
 * has it), for tests that read what our servers send. Numbers keep their literal text, so a float
 * written with {@code Float.toString} reads back exactly ({@link #asFloat()}). A missing member or
 * element is {@link #MISSING}, so chains like {@code frame.get("inputs").get(0).get("x")} never throw.
 */
public final class Json {
    /** What {@link #get} gives for an absent member or element. */
    public static final Json MISSING = new Json(null, false);

    private final Object value;
    private final boolean present;

    private Json(Object value, boolean present) {
        this.value = value;
        this.present = present;
    }

    /** Parses one JSON text; a malformed one is an AssertionError naming the offset. */
    public static Json parse(String text) {
        Reader r = new Reader(text);
        Json v = r.value();
        r.skipSpace();
        if (r.at != text.length()) {
            throw r.error("end of input");
        }
        return v;
    }

    public Json get(String member) {
        return value instanceof Map<?, ?> m && m.containsKey(member) ? (Json) m.get(member) : MISSING;
    }

    public Json get(int index) {
        return value instanceof List<?> l && index >= 0 && index < l.size() ? (Json) l.get(index) : MISSING;
    }

    public boolean isMissing() {
        return !present;
    }

    public boolean isNull() {
        return present && value == null;
    }

    public boolean isNumber() {
        return value instanceof Number;
    }

    /** Elements of an array, members of an object; 0 otherwise. */
    public int size() {
        return value instanceof List<?> l ? l.size() : value instanceof Map<?, ?> m ? m.size() : 0;
    }

    /** Each element of an array. */
    public void forEach(Consumer<Json> action) {
        if (value instanceof List<?> l) {
            l.forEach(e -> action.accept((Json) e));
        }
    }

    public boolean asBoolean() {
        return Boolean.TRUE.equals(value);
    }

    public long asLong() {
        return value instanceof Number n ? Long.parseLong(n.literal) : 0;
    }

    public int asInt() {
        return Math.toIntExact(asLong());
    }

    /** The number's literal read as a float (exact for what Float.toString wrote). */
    public float asFloat() {
        if (!(value instanceof Number n)) {
            throw new AssertionError("not a number: " + this);
        }
        return Float.parseFloat(n.literal);
    }

    public String asText() {
        return value instanceof String s ? s : String.valueOf(value);
    }

    @Override
    public String toString() {
        return present ? String.valueOf(value) : "(missing)";
    }

    /** A number as written. */
    private record Number(String literal) {
        @Override
        public String toString() {
            return literal;
        }
    }

    /** Recursive descent over the text. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Json value() {
            skipSpace();
            if (at >= text.length()) {
                throw error("a value");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return new Json(string(), true);
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Json object() {
            Map<String, Json> members = new LinkedHashMap<>();
            items('}', () -> {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                members.put(key, value());
            });
            return new Json(members, true);
        }

        private Json array() {
            List<Json> elements = new ArrayList<>();
            items(']', () -> elements.add(value()));
            return new Json(elements, true);
        }

        /** From the opening bracket: comma-separated items up to {@code close}. */
        private void items(char close, Runnable item) {
            at++;
            skipSpace();
            if (peek() == close) {
                at++;
                return;
            }
            while (true) {
                item.run();
                skipSpace();
                if (peek() != ',') {
                    break;
                }
                at++;
            }
            expect(close);
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw error("a closing quote");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> b.append(e); // \" \\ \/
                }
            }
        }

        private Json number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw error("a value");
            }
            return new Json(new Number(text.substring(start, at)), true);
        }

        private Json literal(String word, Object v) {
            if (!text.startsWith(word, at)) {
                throw error(word);
            }
            at += word.length();
            return new Json(v, true);
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "'");
            }
            at++;
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        AssertionError error(String expected) {
            return new AssertionError("JSON at offset " + at + ": expected " + expected + ", found "
                + (at < text.length() ? "'" + text.charAt(at) + "'" : "the end"));
        }
    }
}
