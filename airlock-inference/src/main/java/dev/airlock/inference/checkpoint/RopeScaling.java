package dev.airlock.inference.checkpoint;

/**
 * Rotary frequency scaling: the per-dimension divisors for short and long contexts and the
 * attention factor applied to cos/sin, as transformers' {@code _compute_longrope_parameters}
 * derives them. Plain RoPE is the case of all-ones factors and an attention factor of 1.
 *
 * @param type {@code "default"} or {@code "longrope"} (legacy {@code "su"} and {@code "yarn"} map here)
 * @param shortFactor divisors used while {@code max(position) + 1 <= originalMaxPositionEmbeddings}
 * @param longFactor divisors used beyond it
 * @param originalMaxPositionEmbeddings the context the model was pretrained on; selects the factor set
 * @param attentionFactor the cos/sin multiplier ("mscale"), for short and long contexts alike
 */
public record RopeScaling(String type, double[] shortFactor, double[] longFactor,
        int originalMaxPositionEmbeddings, double attentionFactor) {
    public RopeScaling {
        shortFactor = shortFactor.clone();
        longFactor = longFactor.clone();
        if (shortFactor.length != longFactor.length) {
            throw new IllegalArgumentException("rope_scaling: short_factor has " + shortFactor.length
                    + " values but long_factor has " + longFactor.length);
        }
    }

    /** Plain RoPE over {@code halfDim} frequencies. */
    public static RopeScaling none(int halfDim, int maxPositionEmbeddings) {
        double[] ones = new double[halfDim];
        java.util.Arrays.fill(ones, 1.0);
        return new RopeScaling("default", ones, ones, maxPositionEmbeddings, 1.0);
    }

    @Override
    public double[] shortFactor() {
        return shortFactor.clone();
    }

    @Override
    public double[] longFactor() {
        return longFactor.clone();
    }

    /** Returns whether a forward over positions up to {@code maxPosition} uses the long factors. */
    public boolean usesLongFactors(int maxPosition) {
        return maxPosition + 1 > originalMaxPositionEmbeddings;
    }
}
