package dev.airlock.inference.model;

import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.torch.TorchTensor;

/**
 * One sequence's rows inside a packed forward: rows {@code start .. start + length} of the
 * activations are its new positions {@code past .. past + length}.
 *
 * @param sequence whose cache the rows extend
 * @param start first row in the packed activations
 * @param length rows of this sequence
 * @param past positions already cached
 * @param cos rotary cosines {@code [length, 1, rotaryDim]}
 * @param sin rotary sines {@code [length, 1, rotaryDim]}
 * @param mask {@code [length, past + length]}, true where attention is allowed; null when not needed
 * @param causal whether attention is plain causal over the rows (no past)
 * @param adapter the sequence's LoRA adapter, or null for the base model
 */
record Segment(Sequence sequence, int start, int length, int past, TorchTensor cos, TorchTensor sin,
        TorchTensor mask, boolean causal, LoraAdapter adapter) {
}
