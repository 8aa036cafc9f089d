/**
 * Chat messages to prompt text: the Phi-4 chat format of a checkpoint's
 * {@code tokenizer_config.json}, rendered natively.
 */
package dev.airlock.inference.chat;
