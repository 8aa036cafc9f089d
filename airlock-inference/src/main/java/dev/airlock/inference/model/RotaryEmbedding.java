package dev.airlock.inference.model;

import dev.airlock.inference.checkpoint.Phi3Config;
import dev.airlock.inference.checkpoint.RopeScaling;
import dev.airlock.inference.torch.Placement;
import dev.airlock.inference.torch.TorchTensor;

/**
 * Rotary tables for the first {@code rotaryDim} dims of each head, half-split ("NeoX") layout,
 * with LongRoPE's short/long frequency divisors and attention factor. Tables are computed in
 * double precision, handed to libtorch as float32 and only then cast to the compute dtype
 * (PHI4.md 2.8).
 */
final class RotaryEmbedding {
    private final int rotaryDim;
    private final double[] shortInvFreq;
    private final double[] longInvFreq;
    private final double attentionFactor;
    private final RopeScaling scaling;
    private final Placement placement;

    RotaryEmbedding(Phi3Config config, Placement placement) {
        this.placement = placement;
        this.rotaryDim = config.rotaryDim();
        this.scaling = config.ropeScaling();
        this.attentionFactor = scaling.attentionFactor();
        this.shortInvFreq = invFreq(config.ropeTheta(), scaling.shortFactor());
        this.longInvFreq = invFreq(config.ropeTheta(), scaling.longFactor());
    }

    private double[] invFreq(double theta, double[] factors) {
        double[] inv = new double[rotaryDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / (factors[i] * Math.pow(theta, 2.0 * i / rotaryDim));
        }
        return inv;
    }

    /** Returns whether positions up to {@code lastPosition} take the long factors (transformers' rule). */
    boolean usesLongFactors(int lastPosition) {
        return scaling.usesLongFactors(lastPosition);
    }

    /** Returns {@code cos, sin [length, 1, rotaryDim]} for positions {@code start .. start + length}. */
    TorchTensor[] tables(int start, int length, boolean longFactors) {
        double[] inv = longFactors ? longInvFreq : shortInvFreq;
        int half = rotaryDim / 2;
        float[] cos = new float[length * rotaryDim];
        float[] sin = new float[length * rotaryDim];
        for (int t = 0; t < length; t++) {
            int row = t * rotaryDim;
            for (int i = 0; i < half; i++) {
                double angle = (start + t) * inv[i];
                float c = (float) (Math.cos(angle) * attentionFactor);
                float s = (float) (Math.sin(angle) * attentionFactor);
                cos[row + i] = c;
                cos[row + half + i] = c;
                sin[row + i] = s;
                sin[row + half + i] = s;
            }
        }
        return new TorchTensor[] {
            TorchTensor.ofFloats(cos, length, 1, rotaryDim).to(placement),
            TorchTensor.ofFloats(sin, length, 1, rotaryDim).to(placement)
        };
    }

    /** Rotates the leading {@code rotaryDim} dims of {@code x [length, heads, headDim]}. */
    TorchTensor apply(TorchTensor x, TorchTensor cos, TorchTensor sin) {
        return x.rotary(cos, sin, rotaryDim);
    }
}
