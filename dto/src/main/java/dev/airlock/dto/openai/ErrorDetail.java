package dev.airlock.dto.openai;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * The inside of an OpenAI error body. All four fields are always written; {@code param} and
 * {@code code} are null when they do not apply.
 *
 * @param message what went wrong and what to do, for people
 * @param type e.g. {@code invalid_request_error} or {@code server_error}
 * @param param the request field at fault, e.g. {@code messages[0].content[1]}
 * @param code a machine-readable reason, e.g. {@code model_not_found}
 */
@JsonbNillable
public record ErrorDetail(String message, String type, String param, String code) {
}
