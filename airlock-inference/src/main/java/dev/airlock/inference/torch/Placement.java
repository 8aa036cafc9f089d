package dev.airlock.inference.torch;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Where a model's tensors live and which floating-point dtype they compute in: the CPU or the
 * first CUDA device, float32 or bfloat16. Integer and boolean tensors keep their own dtype.
 *
 * @param cuda whether tensors live on {@code cuda:0} rather than the CPU
 * @param bfloat16 whether floating-point tensors are bfloat16 rather than float32
 */
public record Placement(boolean cuda, boolean bfloat16) {
    /** The CPU in float32, where every factory without a placement puts its tensor. */
    public static final Placement CPU_FLOAT32 = new Placement(false, false);

    ScalarType scalarType() {
        return bfloat16 ? ScalarType.BFloat16 : ScalarType.Float;
    }

    Device device() {
        return new Device(cuda ? "cuda" : "cpu");
    }

    /** Options for a new floating-point tensor of this placement. */
    TensorOptions options() {
        var options = new TensorOptions(scalarType());
        return cuda ? options.device(new DeviceOptional(device())) : options;
    }

    @Override
    public String toString() {
        return (cuda ? "cuda" : "cpu") + "/" + (bfloat16 ? "bfloat16" : "float32");
    }
}
