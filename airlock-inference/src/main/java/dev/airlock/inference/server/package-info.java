/**
 * The inference server inside the airlock: the model registry read from {@code model_config.json},
 * the engine thread, and the internal API (see {@link dev.airlock.dto.generation.InternalApi})
 * answered over channel frames.
 */
package dev.airlock.inference.server;
