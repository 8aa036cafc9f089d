package dev.airlock.dto.openai;

/** Token counts of one completion; {@code totalTokens} is the sum of the other two. */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, got prompt_tokens="
                    + promptTokens + " completion_tokens=" + completionTokens);
        }
    }

    /** Creates a usage whose total is {@code promptTokens + completionTokens}. */
    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, Math.addExact(promptTokens, completionTokens));
    }
}
