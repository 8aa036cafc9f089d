/**
 * Typed Java client of the Airlock bridge: {@link dev.airlock.sdk.AirlockClient} for chat
 * (blocking and streamed), completions, models, tokens and LoRA adapters, and one sealed
 * {@link dev.airlock.sdk.AirlockException} hierarchy for every failure.
 */
package dev.airlock.sdk;
