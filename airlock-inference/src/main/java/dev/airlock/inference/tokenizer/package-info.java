/**
 * Text to token ids and back: the {@link dev.airlock.inference.tokenizer.Tokenizer} contract, its
 * Hugging Face {@code tokenizer.json} implementation, streaming decoding, and the built-in Phi-4
 * tokenizer rebuilt from the o200k_base rank table.
 */
package dev.airlock.inference.tokenizer;
