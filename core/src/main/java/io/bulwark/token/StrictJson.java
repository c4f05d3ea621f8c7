package io.bulwark.token;

import java.util.HashSet;
import java.util.Set;

/**
 * A strict RFC 8259 well-formedness check run on a JOSE header or JWT claims set before nimbus
 * parses it. nimbus's JSON reader is lenient (it takes single quotes, unquoted names, comments and
 * {@code NaN}) and keeps one of two members with the same name; RFC 7515 §5.2 says a header with
 * duplicate member names must be rejected, or parsers that keep the first and the last would read
 * two different tokens from one. Nesting is capped so a deep document cannot exhaust the stack.
 */
final class StrictJson {

    private final String text;
    private final int maxDepth;
    private int pos;

    private StrictJson(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /**
     * Whether the text is exactly one JSON object, with no duplicate member names in any object
     * and no more than {@code maxDepth} nested objects and arrays.
     */
    static boolean isStrictObject(String text, int maxDepth) {
        StrictJson parser = new StrictJson(text, maxDepth);
        try {
            parser.skipWhitespace();
            if (parser.peek() != '{') {
                return false;
            }
            parser.value(0);
            parser.skipWhitespace();
            return parser.pos == text.length();
        } catch (Malformed e) {
            return false;
        }
    }

    private void value(int depth) throws Malformed {
        skipWhitespace();
        char c = peek();
        switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string(null);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) throws Malformed {
        if (depth > maxDepth) {
            throw Malformed.INSTANCE;
        }
        pos++; // '{'
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        Set<String> names = new HashSet<>();
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw Malformed.INSTANCE;
            }
            StringBuilder name = new StringBuilder();
            string(name);
            // Compared after unescaping: "alg" and "\u0061lg" are the same member.
            if (!names.add(name.toString())) {
                throw Malformed.INSTANCE;
            }
            skipWhitespace();
            expect(':');
            value(depth);
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw Malformed.INSTANCE;
            }
        }
    }

    private void array(int depth) throws Malformed {
        if (depth > maxDepth) {
            throw Malformed.INSTANCE;
        }
        pos++; // '['
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(depth);
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw Malformed.INSTANCE;
            }
        }
    }

    private void string(StringBuilder out) throws Malformed {
        pos++; // opening quote
        while (true) {
            char c = next();
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw Malformed.INSTANCE;
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> c = e;
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'u' -> c = hex4();
                    default -> throw Malformed.INSTANCE;
                }
            }
            if (out != null) {
                out.append(c);
            }
        }
    }

    private char hex4() throws Malformed {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(next(), 16);
            if (d < 0) {
                throw Malformed.INSTANCE;
            }
            v = v << 4 | d;
        }
        return (char) v;
    }

    private void literal(String word) throws Malformed {
        if (!text.startsWith(word, pos)) {
            throw Malformed.INSTANCE;
        }
        pos += word.length();
    }

    /** RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number() throws Malformed {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (peek() == '.') {
            pos++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
        }
    }

    private void digits() throws Malformed {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw Malformed.INSTANCE;
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) throws Malformed {
        if (next() != c) {
            throw Malformed.INSTANCE;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() throws Malformed {
        if (pos >= text.length()) {
            throw Malformed.INSTANCE;
        }
        return text.charAt(pos++);
    }

    /** Control flow only: no stack trace, one shared instance. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super(null, null, false, false);
        }
    }
}
