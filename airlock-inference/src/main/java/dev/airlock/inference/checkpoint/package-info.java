/**
 * Checkpoint files on disk: {@code config.json} as a {@link dev.airlock.inference.checkpoint.Phi3Config},
 * and safetensors files (single or sharded through {@code model.safetensors.index.json}) read
 * through memory maps. Nothing here touches libtorch.
 */
package dev.airlock.inference.checkpoint;
