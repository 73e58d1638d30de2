package io.elmkit.io.torch;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a pickle once, before Pyrolite sees it, and refuses what Pyrolite would trust: a length
 * prefix (BINBYTES, BINUNICODE, LONG4, ...) larger than the bytes left in the pickle (Pyrolite
 * allocates the declared length first), containers nested deeper than {@link InputLimits#MAX_DEPTH}
 * (hashing or printing them overflows the stack), self-containing containers, and decimal numbers
 * longer than Python itself converts (4300 digits; parsing is quadratic). It simulates the stack with
 * one node per container, so nesting built through the memo or after the fact is counted too.
 */
final class PickleGuard {
    /** Python's own bound on int/str conversion ({@code sys.get_int_max_str_digits()}). */
    static final int MAX_DECIMAL_DIGITS = 4300;

    private static final Object MARK = new Object();
    private static final Object LEAF = new Object();

    /** A container on the simulated stack: its depth and the containers holding it. */
    private static final class Node {
        int depth = 1;
        final List<Node> parents = new ArrayList<>(1);
    }

    private final byte[] p;
    private final String source;
    private final String field;
    private final int maxDepth;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int pos;
    private int opAt;
    private String opName;

    private PickleGuard(byte[] pickle, String source, String field, int maxDepth) {
        this.p = pickle;
        this.source = source;
        this.field = field;
        this.maxDepth = maxDepth;
    }

    /** Checks {@code pickle}; {@code source} and {@code field} (the entry) name it in errors. */
    static void check(byte[] pickle, String source, String field) throws InputFormatException {
        new PickleGuard(pickle, source, field, InputLimits.MAX_DEPTH).run();
    }

    /** Same, with another depth bound (for tests). */
    static void check(byte[] pickle, String source, String field, int maxDepth) throws InputFormatException {
        new PickleGuard(pickle, source, field, maxDepth).run();
    }

    private void run() throws InputFormatException {
        while (true) {
            if (pos >= p.length) {
                throw error("a STOP opcode before the end", "the end of the pickle after " + p.length + " bytes (truncated)");
            }
            opAt = pos;
            int op = p[pos++] & 0xFF;
            opName = String.format("opcode 0x%02x", op);
            switch (op) {
                case '.': // STOP
                    return;
                case '(': // MARK
                    stack.add(MARK);
                    break;
                case '0': // POP
                    pop();
                    break;
                case '1': // POP_MARK
                    popToMark();
                    break;
                case '2': // DUP
                    push(peek());
                    break;
                case 'F': case 'S': case 'V': case 'P': // FLOAT, STRING, UNICODE, PERSID: a text argument
                    line();
                    push(LEAF);
                    break;
                case 'I': case 'L': { // INT, LONG (decimal text)
                    int len = line();
                    if (len > MAX_DECIMAL_DIGITS) {
                        throw error("a decimal number of at most " + MAX_DECIMAL_DIGITS + " digits", len + " characters");
                    }
                    push(LEAF);
                    break;
                }
                case 'J': skip(4); push(LEAF); break; // BININT
                case 'K': skip(1); push(LEAF); break; // BININT1
                case 'M': skip(2); push(LEAF); break; // BININT2
                case 'G': skip(8); push(LEAF); break; // BINFLOAT
                case 'N': case 0x88: case 0x89: push(LEAF); break; // NONE, NEWTRUE, NEWFALSE
                case 0x82: skip(1); push(LEAF); break; // EXT1
                case 0x83: skip(2); push(LEAF); break; // EXT2
                case 0x84: skip(4); push(LEAF); break; // EXT4
                case 'T': lengthPrefixed("BINSTRING", 4, true); break;
                case 'U': lengthPrefixed("SHORT_BINSTRING", 1, false); break;
                case 'X': lengthPrefixed("BINUNICODE", 4, false); break;
                case 'B': lengthPrefixed("BINBYTES", 4, false); break;
                case 'C': lengthPrefixed("SHORT_BINBYTES", 1, false); break;
                case 0x8c: lengthPrefixed("SHORT_BINUNICODE", 1, false); break;
                case 0x8d: lengthPrefixed("BINUNICODE8", 8, false); break;
                case 0x8e: lengthPrefixed("BINBYTES8", 8, false); break;
                case 0x96: lengthPrefixed("BYTEARRAY8", 8, false); break;
                case 0x8a: { // LONG1
                    opName = "LONG1";
                    lengthPrefixed("LONG1", 1, false);
                    break;
                }
                case 0x8b: lengthPrefixed("LONG4", 4, true); break;
                case 0x80: skip(1); break; // PROTO
                case 0x95: { // FRAME: a length hint for the bytes that follow
                    opName = "FRAME";
                    long n = lengthField(8, false);
                    requireLeft(n);
                    break;
                }
                case 'Q': // BINPERSID
                    pop();
                    push(LEAF);
                    break;
                case 'R': { // REDUCE: callable(args); the result may hold the arguments
                    Object args = pop();
                    pop();
                    push(container(args));
                    break;
                }
                case 0x81: { // NEWOBJ
                    Object args = pop();
                    pop();
                    push(container(args));
                    break;
                }
                case 0x92: { // NEWOBJ_EX
                    Object kwargs = pop();
                    Object args = pop();
                    pop();
                    push(container(args, kwargs));
                    break;
                }
                case 'b': { // BUILD
                    Object state = pop();
                    addChildren(peek(), state);
                    break;
                }
                case 'c': // GLOBAL
                    line();
                    line();
                    push(LEAF);
                    break;
                case 0x93: // STACK_GLOBAL
                    pop();
                    pop();
                    push(LEAF);
                    break;
                case 'i': // INST
                    line();
                    line();
                    push(container(popToMark().toArray()));
                    break;
                case 'o': { // OBJ
                    List<Object> items = popToMark();
                    push(container(items.toArray()));
                    break;
                }
                case ']': case '}': case ')': case 0x8f: // EMPTY_LIST, EMPTY_DICT, EMPTY_TUPLE, EMPTY_SET
                    push(new Node());
                    break;
                case 'l': case 't': case 'd': case 0x91: // LIST, TUPLE, DICT, FROZENSET
                    push(container(popToMark().toArray()));
                    break;
                case 0x85: push(container(pop())); break; // TUPLE1
                case 0x86: { // TUPLE2
                    Object b = pop();
                    Object a = pop();
                    push(container(a, b));
                    break;
                }
                case 0x87: { // TUPLE3
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(container(a, b, c));
                    break;
                }
                case 'a': { // APPEND
                    Object item = pop();
                    addChildren(peek(), item);
                    break;
                }
                case 's': { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    addChildren(peek(), key, value);
                    break;
                }
                case 'e': case 'u': case 0x90: { // APPENDS, SETITEMS, ADDITEMS
                    List<Object> items = popToMark();
                    addChildren(peek(), items.toArray());
                    break;
                }
                case 'g': memoGet(decimalIndex(line())); break; // GET
                case 'h': memoGet(lengthField(1, false)); break; // BINGET
                case 'j': memoGet(lengthField(4, false)); break; // LONG_BINGET
                case 'p': memo.put(decimalIndex(line()), peek()); break; // PUT
                case 'q': memo.put(lengthField(1, false), peek()); break; // BINPUT
                case 'r': memo.put(lengthField(4, false), peek()); break; // LONG_BINPUT
                case 0x94: memo.put((long) memo.size(), peek()); break; // MEMOIZE
                case 0x97: case 0x98: // NEXT_BUFFER, READONLY_BUFFER: out-of-band buffers, never in a state dict
                    throw error("opcodes of a torch.save state dict", "out-of-band buffer " + opName);
                default:
                    throw error("a pickle opcode", String.format("byte 0x%02x", op));
            }
        }
    }

    private InputFormatException error(String expected, String found) {
        return new InputFormatException(source, field + ": byte " + opAt + " (" + opName + ")", expected, found);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws InputFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw error("an object on the stack", "an empty stack (malformed pickle)");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws InputFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw error("an object on the stack", "an empty stack (malformed pickle)");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popToMark() throws InputFormatException {
        int i = stack.size() - 1;
        while (i >= 0 && stack.get(i) != MARK) {
            i--;
        }
        if (i < 0) {
            throw error("a MARK on the stack", "none (malformed pickle)");
        }
        List<Object> items = new ArrayList<>(stack.subList(i + 1, stack.size()));
        stack.subList(i, stack.size()).clear();
        return items;
    }

    private void memoGet(long index) throws InputFormatException {
        Object o = memo.get(index);
        if (o == null) {
            throw error("a memo entry stored before", "memo index " + index + " never stored");
        }
        push(o);
    }

    private long decimalIndex(int len) throws InputFormatException {
        String text = new String(p, pos - len - 1, len, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            throw error("a memo index", "'" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        return Long.parseLong(text);
    }

    /** A new container holding {@code children}. */
    private Node container(Object... children) throws InputFormatException {
        Node n = new Node();
        addChildren(n, children);
        return n;
    }

    /** Records that {@code parent} now holds {@code children}; raises depths up every holder. */
    private void addChildren(Object parent, Object... children) throws InputFormatException {
        if (!(parent instanceof Node)) {
            // Appending to a scalar is Pyrolite's error to report; nothing nests here.
            return;
        }
        Node target = (Node) parent;
        for (Object c : children) {
            if (c instanceof Node) {
                Node child = (Node) c;
                child.parents.add(target);
                raise(target, child.depth + 1);
            }
        }
    }

    private void raise(Node start, int depth) throws InputFormatException {
        ArrayDeque<Object[]> work = new ArrayDeque<>();
        work.add(new Object[] {start, depth});
        while (!work.isEmpty()) {
            Object[] w = work.poll();
            Node n = (Node) w[0];
            int d = (Integer) w[1];
            if (d <= n.depth) {
                continue;
            }
            if (d > maxDepth) {
                throw error("containers nested at most " + maxDepth + " deep (elmkit.limit.depth)",
                    "deeper nesting (or a container holding itself)");
            }
            n.depth = d;
            for (Node parent : n.parents) {
                work.add(new Object[] {parent, d + 1});
            }
        }
    }

    private void skip(int n) throws InputFormatException {
        requireLeft(n);
        pos += n;
    }

    private void requireLeft(long n) throws InputFormatException {
        long left = p.length - pos;
        if (n < 0 || n > left) {
            throw error("at most the " + left + " bytes left in the pickle", n + " bytes declared");
        }
    }

    /** An unsigned (or signed) little-endian length of {@code width} bytes. */
    private long lengthField(int width, boolean signed) throws InputFormatException {
        requireLeft(width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (p[pos + i] & 0xFF);
        }
        pos += width;
        if (signed && width == 4) {
            v = (int) v;
        }
        if (width == 8 && v < 0) {
            throw error("a length below 2^63", Long.toUnsignedString(v) + " bytes declared");
        }
        return v;
    }

    private void lengthPrefixed(String name, int width, boolean signed) throws InputFormatException {
        opName = name;
        long n = lengthField(width, signed);
        if (n < 0) {
            throw error("a non-negative length", n + " bytes declared");
        }
        requireLeft(n);
        pos += (int) n;
        push(LEAF);
    }

    /** Skips a newline-terminated argument; returns its length without the newline. */
    private int line() throws InputFormatException {
        int start = pos;
        while (pos < p.length && p[pos] != '\n') {
            pos++;
        }
        if (pos >= p.length) {
            throw error("a line ending in \\n", "the end of the pickle (truncated)");
        }
        pos++;
        return pos - start - 1;
    }
}
