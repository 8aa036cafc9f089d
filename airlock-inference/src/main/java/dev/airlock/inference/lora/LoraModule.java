package dev.airlock.inference.lora;

import dev.airlock.inference.torch.TorchTensor;

/**
 * The low-rank update of one linear layer: {@code delta(x) = scale · (x Aᵀ) Bᵀ}.
 *
 * @param a {@code lora_A} {@code [r, in]}
 * @param b {@code lora_B} {@code [out, r]}
 * @param scale {@code lora_alpha / r} (or {@code / sqrt(r)} with rsLoRA)
 */
public record LoraModule(TorchTensor a, TorchTensor b, double scale) implements AutoCloseable {
    /** Returns the update for rows {@code x [n, in]}: {@code [n, out]}. */
    public TorchTensor delta(TorchTensor x) {
        return x.linear(a).linear(b).mul(scale);
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
