/** The {@code ./airlock inference} command line: serve, make-model, logits, generate, and tokenizer tools. */
package dev.airlock.inference.cli;
