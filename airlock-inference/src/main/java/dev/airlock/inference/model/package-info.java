/**
 * The Phi-3 forward pass (Phi-4-mini's architecture) on libtorch: {@link dev.airlock.inference.model.Phi3Model}
 * holds the weights, {@link dev.airlock.inference.model.Sequence} a conversation's KV cache.
 * Everything here runs on one engine thread.
 */
package dev.airlock.inference.model;
