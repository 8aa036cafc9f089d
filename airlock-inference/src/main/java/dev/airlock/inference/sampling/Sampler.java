package dev.airlock.inference.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks token ids from next-token logits. Filters apply in transformers' order
 * ({@code GenerationMixin._get_logits_processor}): temperature divides the logits, top-k keeps
 * the k largest, top-p keeps the smallest prefix of those (renormalized) whose probability reaches
 * p, min-p drops what is below {@code min_p × p(most likely)}; at least one token always survives.
 * Penalties and logit bias are applied before, by the caller's logit processors. A sampler holds
 * its random state, so one seed and one request give one token stream: use one sampler per
 * generation, on one thread.
 */
public final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;

    private Sampler(SamplingParams params) {
        this.params = params;
        this.random = params.seed() == null ? new SplittableRandom() : new SplittableRandom(params.seed());
    }

    /** Returns a sampler for {@code params}. */
    public static Sampler of(SamplingParams params) {
        return new Sampler(params);
    }

    /** Returns the parameters. */
    public SamplingParams params() {
        return params;
    }

    /**
     * Returns the chosen token id.
     *
     * @throws IllegalArgumentException when {@code logits} is empty or holds NaN
     */
    public int sample(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits must not be empty");
        }
        if (params.temperature() == 0) {
            return argmax(logits);
        }
        int[] order = candidates(logits);
        double[] probs = softmax(logits, order);
        int kept = keptCount(probs);
        double total = 0;
        for (int i = 0; i < kept; i++) {
            total += probs[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            u -= probs[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    /** Returns the index of the largest logit (the first one on ties). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("logit " + i + " is NaN");
            }
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (Float.isNaN(logits[0])) {
            throw new IllegalArgumentException("logit 0 is NaN");
        }
        return best;
    }

    /** Token ids by descending logit; only the top k when top-k is on. */
    private int[] candidates(float[] logits) {
        // Sort (logit, id) pairs as longs: order-preserving float bits in the high word, id low.
        long[] keys = new long[logits.length];
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("logit " + i + " is NaN");
            }
            int bits = Float.floatToIntBits(logits[i] + 0.0f);
            int sortable = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keys[i] = ((long) ~sortable << 32) | i;
        }
        Arrays.sort(keys);
        int n = params.topK() > 0 ? Math.min(params.topK(), logits.length) : logits.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    private double[] softmax(float[] logits, int[] order) {
        double max = logits[order[0]] / params.temperature();
        double[] probs = new double[order.length];
        double sum = 0;
        for (int i = 0; i < order.length; i++) {
            probs[i] = Math.exp(logits[order[i]] / params.temperature() - max);
            sum += probs[i];
        }
        for (int i = 0; i < probs.length; i++) {
            probs[i] /= sum;
        }
        return probs;
    }

    /** How many of the sorted candidates survive top-p and min-p (at least one). */
    private int keptCount(double[] probs) {
        int kept = probs.length;
        if (params.topP() < 1) {
            double cumulative = 0;
            for (int i = 0; i < probs.length; i++) {
                cumulative += probs[i];
                if (cumulative >= params.topP()) {
                    kept = i + 1;
                    break;
                }
            }
        }
        if (params.minP() > 0) {
            double threshold = params.minP() * probs[0];
            int i = 0;
            while (i < kept && probs[i] >= threshold) {
                i++;
            }
            kept = Math.max(1, i);
        }
        return kept;
    }
}
