package dev.airlock.sdk;

/**
 * Token counts of one completion.
 *
 * @param promptTokens tokens of the rendered prompt
 * @param completionTokens tokens generated, over all choices
 * @param totalTokens the sum of the other two
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException when a count is negative
     */
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, got prompt_tokens="
                    + promptTokens + " completion_tokens=" + completionTokens
                    + " total_tokens=" + totalTokens);
        }
    }
}
