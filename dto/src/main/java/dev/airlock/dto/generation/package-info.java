/**
 * The generation protocol spoken inside the airlock: what the bridge asks the inference server
 * ({@link dev.airlock.dto.generation.GenerationRequest}) and the events it streams back, one JSON
 * object per line ({@link dev.airlock.dto.generation.GenerationEvent}). Paths are in
 * {@link dev.airlock.dto.generation.InternalApi}.
 */
package dev.airlock.dto.generation;
