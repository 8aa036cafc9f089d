/**
 * PEFT LoRA adapters ({@code adapter_config.json} + {@code adapter_model.safetensors}), applied
 * unmerged ({@code y = Wx + s·B(Ax)}) so one base model serves many adapters.
 */
package dev.airlock.inference.lora;
