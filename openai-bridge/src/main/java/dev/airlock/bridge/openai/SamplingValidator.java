package dev.airlock.bridge.openai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The sampling parameters chat and text completions share, checked against OpenAI's ranges (and
 * vLLM's for the extras {@code top_k}, {@code min_p}, {@code repetition_penalty}). Stateless.
 */
final class SamplingValidator {
    /** OpenAI's limit for {@code n}. */
    static final int MAX_N = 128;
    /** More stop strings than OpenAI's 4, as vLLM allows; bounds the matching work. */
    static final int MAX_STOP = 16;
    /** OpenAI documents no limit; 300 keys bound the work per token. */
    static final int MAX_LOGIT_BIAS = 300;

    private SamplingValidator() {
    }

    static void checkRange(String param, Double value, double min, double max, String range) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            throw new InvalidRequest(param + " must be " + range + ", got " + value + ".", param);
        }
    }

    static void checkTopP(Double topP) {
        if (topP != null && (topP.isNaN() || topP <= 0.0 || topP > 1.0)) {
            throw new InvalidRequest("top_p must be greater than 0 and at most 1, got " + topP + ".", "top_p");
        }
    }

    static Integer n(Integer n) {
        if (n != null && (n < 1 || n > MAX_N)) {
            throw new InvalidRequest("n must be from 1 to " + MAX_N + ", got " + n + ".", "n");
        }
        return n;
    }

    static void checkPenalties(Double presence, Double frequency) {
        checkRange("presence_penalty", presence, -2.0, 2.0, "from -2 to 2");
        checkRange("frequency_penalty", frequency, -2.0, 2.0, "from -2 to 2");
    }

    /** Returns top_k for the airlock: null when off (-1 or 0). */
    static Integer topK(Integer topK) {
        if (topK != null && topK < -1) {
            throw new InvalidRequest("top_k must be -1 or 0 (off) or a positive count, got " + topK + ".", "top_k");
        }
        return topK == null || topK <= 0 ? null : topK;
    }

    static void checkExtras(Double minP, Double repetitionPenalty) {
        checkRange("min_p", minP, 0.0, 1.0, "from 0 to 1");
        if (repetitionPenalty != null && (repetitionPenalty.isNaN() || repetitionPenalty <= 0
                || repetitionPenalty > 2)) {
            throw new InvalidRequest("repetition_penalty must be greater than 0 and at most 2, got "
                    + repetitionPenalty + ".", "repetition_penalty");
        }
    }

    static List<String> stop(JsonValue stop) {
        if (stop == null) {
            return List.of();
        }
        if (stop instanceof JsonString text) {
            return List.of(stopString(text, "stop"));
        }
        if (!(stop instanceof JsonArray array)) {
            throw new InvalidRequest("stop must be a string or an array of strings, got "
                    + ChatRequestParser.typeName(stop) + ".", "stop", "invalid_type");
        }
        if (array.size() > MAX_STOP) {
            throw new InvalidRequest("stop may hold at most " + MAX_STOP + " strings, got " + array.size() + ".",
                    "stop");
        }
        var strings = new ArrayList<String>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString text)) {
                throw new InvalidRequest("stop[" + i + "] must be a string.", "stop[" + i + "]", "invalid_type");
            }
            strings.add(stopString(text, "stop[" + i + "]"));
        }
        return strings;
    }

    private static String stopString(JsonString text, String path) {
        if (text.getString().isEmpty()) {
            throw new InvalidRequest(path + " must not be empty.", path);
        }
        return text.getString();
    }

    /** Returns the bias per token id (decimal string), checked: ids 0..2^31, biases -100..100. */
    static Map<String, Double> logitBias(JsonValue logitBias) {
        if (logitBias == null) {
            return Map.of();
        }
        if (!(logitBias instanceof JsonObject object)) {
            throw new InvalidRequest("logit_bias must be an object mapping token ids to numbers.", "logit_bias",
                    "invalid_type");
        }
        if (object.size() > MAX_LOGIT_BIAS) {
            throw new InvalidRequest("logit_bias may hold at most " + MAX_LOGIT_BIAS + " tokens, got "
                    + object.size() + ".", "logit_bias");
        }
        var biases = new HashMap<String, Double>();
        for (var entry : object.entrySet()) {
            if (!entry.getKey().matches("0|[1-9][0-9]{0,8}")) {
                throw new InvalidRequest("logit_bias keys must be token ids (non-negative integers as strings).",
                        "logit_bias", "invalid_value");
            }
            if (!(entry.getValue() instanceof JsonNumber number)) {
                throw new InvalidRequest("logit_bias[" + entry.getKey() + "] must be a number.", "logit_bias",
                        "invalid_type");
            }
            double bias = number.bigDecimalValue().doubleValue();
            if (!(bias >= -100 && bias <= 100)) {
                throw new InvalidRequest("logit_bias values must be from -100 to 100.", "logit_bias");
            }
            biases.put(String.valueOf(Integer.parseInt(entry.getKey())), bias);
        }
        return biases;
    }
}
