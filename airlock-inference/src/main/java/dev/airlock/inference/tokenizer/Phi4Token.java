package dev.airlock.inference.tokenizer;

/**
 * The added tokens of Phi-4-mini (PHI4.md 3.2). The tool tokens are not special, so decoding that
 * skips special tokens keeps them for tool-call parsing.
 */
public enum Phi4Token {
    ENDOFTEXT(199_999, "<|endoftext|>", true),
    ENDOFPROMPT(200_018, "<|endofprompt|>", true),
    ASSISTANT(200_019, "<|assistant|>", true),
    END(200_020, "<|end|>", true),
    USER(200_021, "<|user|>", true),
    SYSTEM(200_022, "<|system|>", true),
    TOOL(200_023, "<|tool|>", false),
    TOOL_END(200_024, "<|/tool|>", false),
    TOOL_CALL(200_025, "<|tool_call|>", false),
    TOOL_CALL_END(200_026, "<|/tool_call|>", false),
    TOOL_RESPONSE(200_027, "<|tool_response|>", false),
    TAG(200_028, "<|tag|>", true);

    private final int id;
    private final String content;
    private final boolean special;

    Phi4Token(int id, String content, boolean special) {
        this.id = id;
        this.content = content;
        this.special = special;
    }

    /** Returns the token id. */
    public int id() {
        return id;
    }

    /** Returns the token's text, e.g. {@code <|end|>}. */
    public String content() {
        return content;
    }

    /** Returns whether decoding with {@code skipSpecialTokens} drops this token. */
    public boolean special() {
        return special;
    }
}
