/**
 * The engine's only door to libtorch (bytedeco): a float32 {@link dev.airlock.inference.torch.TorchTensor}
 * with the operations the Phi-3 forward needs, and the {@link dev.airlock.inference.torch.StepScope}
 * that frees a step's temporaries.
 */
package dev.airlock.inference.torch;
