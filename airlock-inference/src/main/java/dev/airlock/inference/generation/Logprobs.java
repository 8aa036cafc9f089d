package dev.airlock.inference.generation;

import java.util.ArrayList;

import dev.airlock.dto.generation.TokenLogprob;

/** Log probabilities from processed logits (log-softmax, no temperature), as OpenAI reports them. */
final class Logprobs {
    private Logprobs() {
    }

    /** Returns the entry of {@code chosen} with the {@code top} most likely alternatives. */
    static TokenLogprob of(float[] logits, int chosen, int top, TokenTexts texts) {
        double logSum = logSumExp(logits);
        var alternatives = new ArrayList<TokenLogprob>(top);
        for (int id : topIds(logits, top)) {
            alternatives.add(new TokenLogprob(id, texts.text(id), logprob(logits[id], logSum), texts.bytes(id), null));
        }
        return new TokenLogprob(chosen, texts.text(chosen), logprob(logits[chosen], logSum), texts.bytes(chosen),
                alternatives);
    }

    private static double logprob(float logit, double logSum) {
        // A banned token (-inf) has no finite logprob; report the most negative double OpenAI clients take.
        double value = logit - logSum;
        return Double.isFinite(value) ? Math.min(0, value) : -9999.0;
    }

    private static double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        return max + Math.log(sum);
    }

    /** Returns the ids of the {@code k} largest logits, largest first (ties: lower id first). */
    static int[] topIds(float[] logits, int k) {
        int n = Math.min(k, logits.length);
        int[] best = new int[n];
        if (n <= 0) {
            return best;
        }
        int size = 0;
        for (int id = 0; id < logits.length; id++) {
            if (size < n) {
                size++;
            } else if (!(logits[id] > logits[best[n - 1]])) {
                continue;
            }
            int at = size - 1;
            while (at > 0 && logits[id] > logits[best[at - 1]]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = id;
        }
        return best;
    }
}
