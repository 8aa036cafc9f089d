package dev.airlock.dto.openai;

/** An OpenAI error body: {@code {"error":{"message","type","param","code"}}}. */
public record OpenAiError(ErrorDetail error) {
    /** Creates an error body from its four fields. */
    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new ErrorDetail(message, type, param, code));
    }
}
