package dev.airlock.dto.openai;

import java.util.List;

/** Body of {@code GET /v1/models}: {@code {"object":"list","data":[...]}}. */
public record ModelListResponse(String object, List<ModelObject> data) {
    public static final String OBJECT = "list";

    public ModelListResponse {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /** Creates a list response of {@code models}. */
    public static ModelListResponse of(List<ModelObject> models) {
        return new ModelListResponse(OBJECT, models);
    }
}
