package dev.airlock.compat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Plain JDK HTTP calls to the bridge, the yardstick the client tests compare against: what the
 * bridge answers to a hand-written request, without any client library in between.
 */
final class RawBridge {
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    RawBridge(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Returns the greedy answer text (temperature 0) of {@code model} to one user message. */
    String greedyText(String model, String user, int maxTokens) {
        JsonObject answer = chat(model, user, maxTokens);
        return answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
    }

    /** Posts a non-streamed greedy chat request and returns the parsed 200 answer. */
    JsonObject chat(String model, String user, int maxTokens) {
        String body = Json.createObjectBuilder()
                .add("model", model)
                .add("messages", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("role", "user").add("content", user)))
                .add("max_tokens", maxTokens)
                .add("temperature", 0)
                .build()
                .toString();
        HttpResponse<String> response = post("/v1/chat/completions", body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("expected 200 from the bridge for model " + model + ", got "
                    + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /** Posts {@code body} as JSON to {@code path}. */
    HttpResponse<String> post(String path, String body) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    /** Sends a GET to {@code path}. */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build());
    }

    static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the bridge did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }
}
