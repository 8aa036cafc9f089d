package dev.airlock.inference.chat;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.FatalTemplateErrorsException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.loader.ResourceLocator;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

/**
 * Runs a checkpoint's {@code chat_template} with Jinjava in a sandbox: a template is untrusted
 * input, so it may not load files or resources ({@code include}, {@code import}, {@code extends}
 * are off and the resource locator refuses everything), and output, strings, lists, ranges and
 * macro recursion are bounded. Thread-safe.
 */
final class JinjaRenderer {
    /** Largest prompt a template may produce; Phi-4's 131,072-token context is far below it. */
    static final long MAX_OUTPUT_CHARS = 16L << 20;
    private static final int MAX_RENDER_DEPTH = 8;
    private static final int MAX_MACRO_DEPTH = 16;
    private static final int MAX_LIST_SIZE = 100_000;
    private static final int RANGE_LIMIT = 10_000;

    private final String template;
    private final Jinjava jinjava;

    JinjaRenderer(String template) {
        this(template, MAX_OUTPUT_CHARS);
    }

    JinjaRenderer(String template, long maxOutputChars) {
        this.template = template;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withMaxOutputSize(maxOutputChars)
                .withMaxStringLength(maxOutputChars)
                .withMaxRenderDepth(MAX_RENDER_DEPTH)
                .withEnableRecursiveMacroCalls(false)
                .withMaxMacroRecursionDepth(MAX_MACRO_DEPTH)
                .withMaxListSize(MAX_LIST_SIZE)
                .withMaxMapSize(MAX_LIST_SIZE)
                .withRangeLimit(RANGE_LIMIT)
                .withNestedInterpretationEnabled(false)
                .withFailOnUnknownTokens(false)
                // HF renders with trim_blocks and lstrip_blocks on (transformers' _compile_jinja_template).
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withDisabled(Map.of(Context.Library.TAG, Set.of("include", "import", "from", "extends")))
                .build();
        jinjava = new Jinjava(config);
        jinjava.setResourceLocator(new RefusingLocator());
        jinjava.registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaRenderer.class,
                "raiseException", String.class));
    }

    /** Returns whether the template reads tools from a message ({@code message['tools']}), as Phi-4's does. */
    boolean readsToolsFromMessages() {
        return template.contains("['tools']") || template.contains(".tools");
    }

    /**
     * Renders the template.
     *
     * @throws IllegalArgumentException with Jinjava's first error when rendering fails
     */
    String render(List<Map<String, Object>> messages, Object tools, boolean addGenerationPrompt, String bosToken,
            String eosToken) {
        var bindings = new LinkedHashMap<String, Object>();
        bindings.put("messages", messages);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        bindings.put("bos_token", bosToken);
        bindings.put("eos_token", eosToken);
        if (tools != null) {
            bindings.put("tools", tools);
        }
        RenderResult result;
        try {
            result = jinjava.renderForResult(template, bindings);
        } catch (FatalTemplateErrorsException | IllegalStateException e) {
            throw new IllegalArgumentException("chat_template failed: " + e.getMessage(), e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new IllegalArgumentException("chat_template failed at line " + error.getLineno() + ": "
                        + error.getMessage());
            }
        }
        return result.getOutput();
    }

    /** HF's {@code raise_exception(message)}: the template refuses the conversation. */
    public static String raiseException(String message) {
        throw new IllegalArgumentException("chat_template raised: " + message);
    }

    /** Parses a JSON text into maps, lists, strings, numbers and booleans for the template. */
    static Object parseJson(String json) {
        try {
            return toJava(Json.createReader(new StringReader(json)).readValue());
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("tools are not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, toJava(v)));
                yield map;
            }
            case ARRAY -> {
                var list = new ArrayList<Object>();
                ((JsonArray) value).forEach(v -> list.add(toJava(v)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> number((JsonNumber) value);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    private static Object number(JsonNumber number) {
        BigDecimal exact = number.bigDecimalValue();
        return number.isIntegral() ? (Object) exact.longValue() : (Object) exact.doubleValue();
    }

    /** No template may read files, classpath resources or URLs. */
    private static final class RefusingLocator implements ResourceLocator {
        @Override
        public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter) throws IOException {
            throw new IOException("chat templates may not load '" + fullName + "'");
        }
    }
}
