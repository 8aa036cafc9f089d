package dev.airlock.dto.generation;

/** Paths and media types of the inference server's internal API (inside the airlock only). */
public final class InternalApi {
    /** GET: {@link ModelList}. */
    public static final String MODELS = "/internal/v1/models";
    /** POST {@link GenerationRequest} with messages: NDJSON stream of {@link GenerationEvent}. */
    public static final String CHAT = "/internal/v1/chat";
    /**
     * POST {@link GenerationRequest} with {@code prompt} instead of messages: the same NDJSON
     * stream, the prompt tokenized as is (no chat template).
     */
    public static final String COMPLETIONS = "/internal/v1/completions";
    /** POST {@link TokenizeRequest}: {@link TokenizeResult}. */
    public static final String TOKENIZE = "/internal/v1/tokenize";
    /** POST {@link DetokenizeRequest}: {@link DetokenizeResult}. */
    public static final String DETOKENIZE = "/internal/v1/detokenize";
    /** POST {@link AdapterRequest}: loads a LoRA adapter under a new served name; 200 {@link ModelInfo}. */
    public static final String ADAPTERS_LOAD = "/internal/v1/adapters/load";
    /** POST {@link AdapterRequest}: unloads an adapter; 200 {@link ModelInfo} of what was removed. */
    public static final String ADAPTERS_UNLOAD = "/internal/v1/adapters/unload";
    /** GET: 200 with {@code {"status":"ok"}} once models are loaded, 503 before. */
    public static final String HEALTH = "/internal/v1/health";
    /** Media type of a stream of {@link GenerationEvent}, one JSON object per line. */
    public static final String NDJSON = "application/x-ndjson";

    private InternalApi() {
    }
}
