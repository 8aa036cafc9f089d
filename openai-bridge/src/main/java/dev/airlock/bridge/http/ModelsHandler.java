package dev.airlock.bridge.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.airlock.bridge.openai.ModelCatalog;
import dev.airlock.dto.Json;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}, from the airlock's model list. */
final class ModelsHandler {
    private final ModelCatalog catalog;

    ModelsHandler(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    void list(ServerRequest request, ServerResponse response) {
        sendJson(response, catalog.list());
    }

    void get(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        sendJson(response, ModelCatalog.toOpenAi(catalog.require(id)));
    }

    private static void sendJson(ServerResponse response, Object body) {
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(body));
    }
}
