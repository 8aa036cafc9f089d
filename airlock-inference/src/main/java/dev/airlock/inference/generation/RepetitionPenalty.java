package dev.airlock.inference.generation;

import java.util.HashSet;

/**
 * transformers' {@code RepetitionPenaltyLogitsProcessor}: the logit of every token seen in the
 * prompt or the output is divided by the penalty when positive and multiplied when negative, so a
 * penalty above 1 always makes a seen token less likely (CTRL paper, Keskar et al. 2019, 4.1).
 */
record RepetitionPenalty(float penalty) implements LogitProcessor {
    RepetitionPenalty {
        if (!(penalty > 0)) {
            throw new IllegalArgumentException("repetition_penalty must be greater than 0, got " + penalty);
        }
    }

    @Override
    public void apply(float[] logits, TokenHistory history) {
        var seen = new HashSet<>(history.promptIds());
        seen.addAll(history.generatedCounts().keySet());
        for (int id : seen) {
            if (id >= 0 && id < logits.length) {
                logits[id] = logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty;
            }
        }
    }
}
