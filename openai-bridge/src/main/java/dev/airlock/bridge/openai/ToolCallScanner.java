package dev.airlock.bridge.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Phi-4-mini tool calls in streamed output (PHI4.md 4.3):
 * {@code <|tool_call|>[{"name": "f", "arguments": {...}}, ...]<|/tool_call|>}, where the closing
 * tag and the brackets are often missing. Text outside calls is content; text that may still
 * become the opening tag is held back. A call is reported as soon as its name is read, then its
 * arguments as they arrive, verbatim, so the concatenated fragments equal the non-streamed
 * arguments. Output that stops looking like a call is given back as content. Not thread-safe.
 */
public final class ToolCallScanner {
    static final String OPEN = "<|tool_call|>";
    static final String CLOSE = "<|/tool_call|>";
    /** A call header that has not matched within this many characters is not a call. */
    private static final int MAX_HEADER_CHARS = 512;
    private static final Pattern HEADER = Pattern.compile(
            "^\\s*\\[?\\s*\\{\\s*\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){1,256})\"\\s*,\\s*\"arguments\"\\s*:\\s*");


    /** What the scanner found in the text so far. */
    public sealed interface Piece {
    }

    /** Plain content. */
    public record Content(String text) implements Piece {
    }

    /** A call begins: its position among the calls, and the function's name. */
    public record CallStart(int index, String name) implements Piece {
    }

    /** The next fragment of call {@code index}'s arguments. */
    public record CallArguments(int index, String fragment) implements Piece {
    }

    private enum State { TEXT, HEADER, ARGUMENTS, AFTER }

    private final StringBuilder buffer = new StringBuilder();
    private State state = State.TEXT;
    private int calls;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean valueStarted;
    private boolean complete = true;

    /** Adds output text and returns what it completes. */
    public List<Piece> push(String text) {
        buffer.append(text);
        var pieces = new ArrayList<Piece>();
        boolean progress = true;
        while (progress && !buffer.isEmpty()) {
            progress = switch (state) {
                case TEXT -> text(pieces);
                case HEADER -> header(pieces);
                case ARGUMENTS -> arguments(pieces);
                case AFTER -> after();
            };
        }
        return pieces;
    }

    /** Ends the output: returns whatever is still held back, as content when it is not part of a call. */
    public List<Piece> finish() {
        var pieces = new ArrayList<Piece>();
        if (state == State.TEXT || state == State.HEADER) {
            if (!buffer.isEmpty()) {
                pieces.add(new Content(state == State.HEADER ? OPEN + buffer : buffer.toString()));
            }
        } else if (state == State.ARGUMENTS && !buffer.isEmpty()) {
            pieces.add(new CallArguments(calls - 1, buffer.toString()));
        }
        if (state == State.ARGUMENTS) {
            complete = false;
        }
        buffer.setLength(0);
        return pieces;
    }

    /** Returns how many calls were found. */
    public int calls() {
        return calls;
    }

    /** Returns whether every call's arguments were closed (false when output was cut inside one). */
    public boolean complete() {
        return complete;
    }

    private boolean text(List<Piece> pieces) {
        int at = buffer.indexOf(OPEN);
        if (at >= 0) {
            emitContent(pieces, buffer.substring(0, at));
            buffer.delete(0, at + OPEN.length());
            state = State.HEADER;
            return true;
        }
        int keep = heldBack(buffer, OPEN);
        emitContent(pieces, buffer.substring(0, buffer.length() - keep));
        buffer.delete(0, buffer.length() - keep);
        return false;
    }

    private boolean header(List<Piece> pieces) {
        Matcher matcher = HEADER.matcher(buffer);
        if (matcher.lookingAt()) {
            pieces.add(new CallStart(calls++, matcher.group(1)));
            buffer.delete(0, matcher.end());
            state = State.ARGUMENTS;
            depth = 0;
            inString = false;
            escaped = false;
            valueStarted = false;
            return true;
        }
        // hitEnd: the text so far is a prefix of a header and more of it may still match.
        if (buffer.length() > MAX_HEADER_CHARS || !matcher.hitEnd()) {
            // Not a call after all: what was read is content.
            pieces.add(new Content((calls == 0 ? OPEN : "") + buffer));
            buffer.setLength(0);
            state = State.TEXT;
        }
        return false;
    }

    private boolean arguments(List<Piece> pieces) {
        int end = -1;
        int from = 0;
        for (int i = 0; i < buffer.length() && end < 0; i++) {
            char c = buffer.charAt(i);
            if (!valueStarted) {
                if (Character.isWhitespace(c)) {
                    from = i + 1;
                    continue;
                }
                valueStarted = true;
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                    end = depth == 0 ? i + 1 : -1;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                end = depth <= 0 ? i + 1 : -1;
            } else if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
                end = i;  // a bare number or literal as the arguments
            }
        }
        int upTo = end < 0 ? buffer.length() : end;
        String fragment = buffer.substring(Math.min(from, upTo), upTo);
        if (!fragment.isEmpty()) {
            pieces.add(new CallArguments(calls - 1, fragment));
        }
        buffer.delete(0, upTo);
        if (end >= 0) {
            state = State.AFTER;
            return true;
        }
        return false;
    }

    private boolean after() {
        // Skip the call object's close; a comma starts the next call, anything else ends the list.
        while (!buffer.isEmpty()) {
            char c = buffer.charAt(0);
            if (Character.isWhitespace(c) || c == '}') {
                buffer.deleteCharAt(0);
            } else if (c == ',') {
                buffer.deleteCharAt(0);
                state = State.HEADER;
                return true;
            } else if (c == ']') {
                buffer.deleteCharAt(0);
            } else if (buffer.indexOf(CLOSE) == 0) {
                buffer.delete(0, CLOSE.length());
                state = State.TEXT;
                return true;
            } else if (CLOSE.startsWith(buffer.toString())) {
                return false;
            } else {
                state = State.TEXT;
                return true;
            }
        }
        return false;
    }

    private static void emitContent(List<Piece> pieces, String text) {
        if (!text.isEmpty()) {
            pieces.add(new Content(text));
        }
    }

    private static int heldBack(CharSequence text, String marker) {
        int max = Math.min(marker.length() - 1, text.length());
        for (int n = max; n > 0; n--) {
            if (text.toString().regionMatches(text.length() - n, marker, 0, n)) {
                return n;
            }
        }
        return 0;
    }
}
