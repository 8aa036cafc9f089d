package dev.airlock.inference.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.airlock.dto.generation.GenerationRequest;

/**
 * Changes next-token logits in place before sampling: penalties and biases. The log
 * probabilities a client asks for are those of the processed logits, before temperature.
 */
public interface LogitProcessor {
    /** Adjusts {@code logits} ({@code [vocab]}) given what the choice has seen so far. */
    void apply(float[] logits, TokenHistory history);

    /** Returns the processors {@code request} asks for, in transformers' order; empty when all are neutral. */
    static List<LogitProcessor> of(GenerationRequest request) {
        var processors = new ArrayList<LogitProcessor>();
        if (request.repetitionPenalty() != null && request.repetitionPenalty() != 1.0) {
            processors.add(new RepetitionPenalty(request.repetitionPenalty().floatValue()));
        }
        double presence = request.presencePenalty() == null ? 0 : request.presencePenalty();
        double frequency = request.frequencyPenalty() == null ? 0 : request.frequencyPenalty();
        if (presence != 0 || frequency != 0) {
            processors.add(new OccurrencePenalty((float) presence, (float) frequency));
        }
        if (!request.logitBias().isEmpty()) {
            processors.add(LogitBias.of(request.logitBias()));
        }
        return List.copyOf(processors);
    }

    /** Applies {@code processors} in order. */
    static void applyAll(List<LogitProcessor> processors, float[] logits, TokenHistory history) {
        for (LogitProcessor processor : processors) {
            processor.apply(logits, history);
        }
    }

    /** Parses a logit bias map's decimal token ids; the request check has validated them. */
    static Map<Integer, Float> biases(Map<String, Double> logitBias) {
        var biases = new java.util.HashMap<Integer, Float>();
        logitBias.forEach((id, bias) -> biases.put(Integer.parseInt(id), bias.floatValue()));
        return biases;
    }
}
