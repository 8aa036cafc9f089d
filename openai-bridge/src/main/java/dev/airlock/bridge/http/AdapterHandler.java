package dev.airlock.bridge.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

import dev.airlock.bridge.openai.AirlockClient;
import dev.airlock.bridge.openai.ChatRequestParser;
import dev.airlock.bridge.openai.InvalidRequest;
import dev.airlock.bridge.openai.ModelCatalog;
import dev.airlock.dto.generation.AdapterRequest;

/**
 * vLLM's {@code POST /v1/load_lora_adapter} ({@code {"lora_name", "lora_path",
 * "base_model_name"?}}) and {@code POST /v1/unload_lora_adapter} ({@code {"lora_name"}}), with
 * vLLM's plain-text success answers (BL-15). The path is a local folder inside the airlock:
 * URLs and relative paths are 400s (the airlock has no network). The adapter is validated when it
 * loads (BL-16): a folder without weights or with tensors that do not fit the base is a 400.
 */
final class AdapterHandler {
    private static final int MAX_NAME_CHARS = 256;

    private final RequestBody body;
    private final ChatRequestParser parser = new ChatRequestParser();
    private final ModelCatalog catalog;
    private final AirlockClient client;

    AdapterHandler(RequestBody body, ModelCatalog catalog, AirlockClient client) {
        this.body = body;
        this.catalog = catalog;
        this.client = client;
    }

    void load(ServerRequest request, ServerResponse response) {
        JsonObject root = parser.parseObject(body.read(request));
        String name = name(root);
        String path = ChatRequestParser.optionalString(root, "lora_path");
        if (path == null || path.isBlank()) {
            throw new InvalidRequest("lora_path is required: the adapter folder inside the airlock.", "lora_path");
        }
        if (path.contains("://") || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new InvalidRequest("lora_path must be an absolute local path inside the airlock (it has no "
                    + "network), got " + (path.contains("://") ? "a URL" : "a relative path") + ".", "lora_path");
        }
        String base = ChatRequestParser.optionalString(root, "base_model_name");
        client.loadAdapter(new AdapterRequest(name, path, base), RequestId.of(request));
        catalog.list();
        sendText(response, "Success: LoRA adapter '" + name + "' added successfully.");
    }

    void unload(ServerRequest request, ServerResponse response) {
        String name = name(parser.parseObject(body.read(request)));
        client.unloadAdapter(new AdapterRequest(name, null, null), RequestId.of(request));
        catalog.list();
        sendText(response, "Success: LoRA adapter '" + name + "' removed successfully.");
    }

    private static String name(JsonObject root) {
        String name = ChatRequestParser.optionalString(root, "lora_name");
        if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS || !name.strip().equals(name)) {
            throw new InvalidRequest("lora_name is required: 1 to " + MAX_NAME_CHARS + " characters, no surrounding "
                    + "spaces.", "lora_name");
        }
        return name;
    }

    private static void sendText(ServerResponse response, String text) {
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send(text);
    }
}
