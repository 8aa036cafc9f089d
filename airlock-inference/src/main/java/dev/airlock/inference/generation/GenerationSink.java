package dev.airlock.inference.generation;

import dev.airlock.dto.generation.GenerationEvent;

/** Where a generation sends its events; called on the engine thread, so it must not block long. */
public interface GenerationSink {
    /** Receives the next event. */
    void emit(GenerationEvent event);

    /** Returns whether the client went away; the generation stops at the next token. */
    boolean cancelled();
}
