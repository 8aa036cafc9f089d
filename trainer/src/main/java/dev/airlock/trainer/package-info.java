/** LoRA fine-tuning on libtorch (not started; see the module README). */
package dev.airlock.trainer;
