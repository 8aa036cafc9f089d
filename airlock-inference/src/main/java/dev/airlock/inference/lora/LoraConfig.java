package dev.airlock.inference.lora;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.airlock.inference.checkpoint.JsonDocument;

/**
 * The parts of a PEFT {@code adapter_config.json} that change the math; unknown keys are ignored.
 *
 * @param rank {@code r}
 * @param alpha {@code lora_alpha}
 * @param useRslora scale by {@code alpha / sqrt(r)} instead of {@code alpha / r}
 * @param targetNames {@code target_modules} as a list (empty when it is a regex)
 * @param targetRegex {@code target_modules} as a regex that must match the whole module name (empty when a list)
 * @param rankPattern per-module {@code r} overrides
 * @param alphaPattern per-module {@code lora_alpha} overrides
 */
public record LoraConfig(int rank, double alpha, boolean useRslora, List<String> targetNames, String targetRegex,
        Map<String, Integer> rankPattern, Map<String, Double> alphaPattern) {
    /** The file name PEFT writes. */
    public static final String FILE = "adapter_config.json";

    public LoraConfig {
        targetNames = List.copyOf(targetNames);
        rankPattern = Map.copyOf(rankPattern);
        alphaPattern = Map.copyOf(alphaPattern);
        if (rank <= 0) {
            throw new IllegalArgumentException(FILE + ": r must be positive, found " + rank);
        }
        if (targetNames.isEmpty() && targetRegex.isEmpty()) {
            throw new IllegalArgumentException(FILE + ": target_modules is empty; expected a list or a regex");
        }
    }

    /**
     * Reads {@code dir/adapter_config.json}.
     *
     * @throws IllegalArgumentException naming the file and field when it is not a LoRA config the engine can apply
     */
    public static LoraConfig load(Path dir) {
        JsonDocument json = JsonDocument.read(dir.resolve(FILE));
        String peftType = json.optionalString("peft_type").orElse("LORA");
        if (!peftType.equals("LORA")) {
            throw new IllegalArgumentException(json.source() + ": peft_type is '" + peftType + "'; expected LORA");
        }
        if (json.optionalBoolean("use_dora").orElse(false)) {
            throw new IllegalArgumentException(json.source() + ": use_dora=true is not supported; expected a plain LoRA");
        }
        if (json.optionalBoolean("fan_in_fan_out").orElse(false)) {
            throw new IllegalArgumentException(json.source() + ": fan_in_fan_out=true is not supported (GPT-2 Conv1D only)");
        }
        String bias = json.optionalString("bias").orElse("none");
        if (!bias.equals("none")) {
            throw new IllegalArgumentException(json.source() + ": bias='" + bias + "' is not supported; expected none");
        }
        int rank = json.requireInt("r");
        double alpha = json.optionalDouble("lora_alpha").orElse((double) rank);
        List<String> names = List.of();
        String regex = "";
        JsonValue targets = json.value("target_modules")
                .orElseThrow(() -> new IllegalArgumentException(json.source() + ": field 'target_modules' is missing"));
        if (targets instanceof JsonString s) {
            regex = s.getString();
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(json.source() + ": target_modules regex is invalid: "
                        + e.getDescription(), e);
            }
        } else {
            names = json.stringList("target_modules");
        }
        return new LoraConfig(rank, alpha, json.optionalBoolean("use_rslora").orElse(false), names, regex,
                rankPattern(json), alphaPattern(json));
    }

    private static Map<String, Integer> rankPattern(JsonDocument json) {
        var map = new LinkedHashMap<String, Integer>();
        json.optionalObject("rank_pattern").ifPresent(p -> p.object().forEach((k, v) -> {
            if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
                throw new IllegalArgumentException(json.source() + ": rank_pattern['" + k + "'] must be an integer");
            }
            map.put(k, n.intValueExact());
        }));
        return map;
    }

    private static Map<String, Double> alphaPattern(JsonDocument json) {
        var map = new LinkedHashMap<String, Double>();
        json.optionalObject("alpha_pattern").ifPresent(p -> p.object().forEach((k, v) -> {
            if (!(v instanceof JsonNumber n)) {
                throw new IllegalArgumentException(json.source() + ": alpha_pattern['" + k + "'] must be a number");
            }
            map.put(k, n.doubleValue());
        }));
        return map;
    }

    /** Returns whether {@code target_modules} selects the module with this full dotted name. */
    public boolean targets(String moduleName) {
        if (!targetRegex.isEmpty()) {
            return Pattern.matches(targetRegex, moduleName);
        }
        return targetNames.stream().anyMatch(t -> moduleName.equals(t) || moduleName.endsWith("." + t));
    }

    /** Returns {@code r} for a module, after {@code rank_pattern}. */
    public int rankOf(String moduleName) {
        return override(rankPattern, moduleName, rank);
    }

    /**
     * Checks every rank of the adapter, {@code r} and each {@code rank_pattern} override, against
     * the server's {@code max_lora_rank} (BL-16), so that a too-large adapter fails its load, not
     * its first request.
     *
     * @throws IllegalArgumentException naming the rank and the limit
     */
    public void checkRank(int maxLoraRank) {
        if (rank > maxLoraRank) {
            throw new IllegalArgumentException("adapter rank " + rank + " exceeds max_lora_rank " + maxLoraRank
                    + "; raise max_lora_rank in model_config.json or train with a smaller r");
        }
        for (var e : rankPattern.entrySet()) {
            if (e.getValue() > maxLoraRank) {
                throw new IllegalArgumentException("adapter rank " + e.getValue() + " (rank_pattern '" + e.getKey()
                        + "') exceeds max_lora_rank " + maxLoraRank
                        + "; raise max_lora_rank in model_config.json or train with a smaller r");
            }
        }
    }

    /** Returns the scale {@code s} of {@code y = Wx + s·B(Ax)} for a module. */
    public double scalingOf(String moduleName) {
        int r = rankOf(moduleName);
        double a = override(alphaPattern, moduleName, alpha);
        return useRslora ? a / Math.sqrt(r) : a / r;
    }

    private static <T> T override(Map<String, T> patterns, String moduleName, T fallback) {
        // PEFT matches pattern keys as a suffix regex of the module name: (.*\.)?key$
        for (var e : patterns.entrySet()) {
            if (Pattern.compile("(.*\\.)?" + e.getKey() + "$").matcher(moduleName).matches()) {
                return e.getValue();
            }
        }
        return fallback;
    }
}
