/** Choosing the next token from logits: greedy, temperature, top-k, top-p and min-p, seeded. */
package dev.airlock.inference.sampling;
