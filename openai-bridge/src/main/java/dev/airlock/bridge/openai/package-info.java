/**
 * The OpenAI side of the bridge without HTTP: request parsing and validation, the client of the
 * airlock's internal generation API, and the mapping of generation events to OpenAI objects.
 * Failures are {@link dev.airlock.bridge.openai.BridgeException}s, each with one HTTP status.
 */
package dev.airlock.bridge.openai;
