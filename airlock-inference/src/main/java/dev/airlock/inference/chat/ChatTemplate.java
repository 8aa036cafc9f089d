package dev.airlock.inference.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.inference.checkpoint.JsonDocument;

/**
 * Renders chat messages into a prompt: with the checkpoint's own {@code chat_template} (Jinja,
 * run sandboxed by Jinjava) when it has one, else, or when that template fails to render, in the
 * built-in Phi-4 format (PHI4.md 4.1): {@code <|role|>content<|end|>} per message, tools on the
 * system message, then {@code <|assistant|>} or the EOS token. Thread-safe.
 */
public final class ChatTemplate {
    /** Phi-4-mini's {@code chat_template}, verbatim from its {@code tokenizer_config.json}. */
    public static final String PHI4_JINJA = "{% for message in messages %}{% if message['role'] == 'system'"
            + " and 'tools' in message and message['tools'] is not none %}{{ '<|' + message['role'] + '|>'"
            + " + message['content'] + '<|tool|>' + message['tools'] + '<|/tool|>' + '<|end|>' }}{% else %}"
            + "{{ '<|' + message['role'] + '|>' + message['content'] + '<|end|>' }}{% endif %}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% else %}{{ eos_token }}{% endif %}";

    /** The file that holds a checkpoint's template. */
    public static final String CONFIG_FILE = "tokenizer_config.json";

    private static final String DEFAULT_EOS_TOKEN = "<|endoftext|>";
    private static final System.Logger LOGGER = System.getLogger(ChatTemplate.class.getName());

    private final String eosToken;
    private final String bosToken;
    private final JinjaRenderer jinja;
    private final Path source;
    private final AtomicBoolean warned = new AtomicBoolean();

    private ChatTemplate(String eosToken, String bosToken, JinjaRenderer jinja, Path source) {
        this.eosToken = eosToken;
        this.bosToken = bosToken;
        this.jinja = jinja;
        this.source = source;
    }

    /** Returns the built-in Phi-4 format with EOS {@code <|endoftext|>}, without Jinja. */
    public static ChatTemplate phi4() {
        return new ChatTemplate(DEFAULT_EOS_TOKEN, DEFAULT_EOS_TOKEN, null, null);
    }

    /** Returns a template that renders {@code jinjaTemplate} with these tokens, falling back to Phi-4's format. */
    public static ChatTemplate of(String jinjaTemplate, String bosToken, String eosToken) {
        return new ChatTemplate(eosToken, bosToken, new JinjaRenderer(jinjaTemplate), null);
    }

    /** As {@link #of(String, String, String)} with a smaller output bound, for tests. */
    static ChatTemplate of(String jinjaTemplate, String bosToken, String eosToken, long maxOutputChars) {
        return new ChatTemplate(eosToken, bosToken, new JinjaRenderer(jinjaTemplate, maxOutputChars), null);
    }

    /**
     * Returns the template of a checkpoint folder: its {@code chat_template}, run by Jinjava. A
     * missing {@code tokenizer_config.json} or template falls back to the built-in Phi-4 format
     * with one warning; so does a template that fails to render (warned once, on the first failure).
     */
    public static ChatTemplate load(Path checkpoint) {
        Path file = checkpoint.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            LOGGER.log(System.Logger.Level.WARNING, "no {0}; using the built-in Phi-4 chat format", file);
            return phi4();
        }
        JsonDocument config = JsonDocument.read(file);
        String eos = token(config, "eos_token").orElse(DEFAULT_EOS_TOKEN);
        String bos = token(config, "bos_token").orElse(eos);
        Optional<String> template = template(config);
        if (template.isEmpty()) {
            LOGGER.log(System.Logger.Level.WARNING, "{0} has no chat_template; using the built-in Phi-4 chat format",
                    file);
            return new ChatTemplate(eos, bos, null, file);
        }
        return new ChatTemplate(eos, bos, new JinjaRenderer(template.get()), file);
    }

    /** Renders {@code messages}; see {@link #render(List, String, boolean)}. */
    public String render(List<PromptMessage> messages, boolean addGenerationPrompt) {
        return render(messages, null, addGenerationPrompt);
    }

    /**
     * Renders {@code messages} as one prompt.
     *
     * @param toolsJson the tool list as JSON text, placed on the first message when it is a system
     *     message, else on an empty system message put first; null for no tools
     * @param addGenerationPrompt end with {@code <|assistant|>} to ask for a reply; otherwise the
     *     prompt ends with the EOS token, as the Jinja template does
     */
    public String render(List<PromptMessage> messages, String toolsJson, boolean addGenerationPrompt) {
        if (jinja != null) {
            try {
                return jinja.render(jinjaMessages(messages, toolsJson), jinjaTools(toolsJson), addGenerationPrompt,
                        bosToken, eosToken);
            } catch (IllegalArgumentException e) {
                if (warned.compareAndSet(false, true)) {
                    LOGGER.log(System.Logger.Level.WARNING, "the chat_template of {0} failed to render ({1});"
                            + " using the built-in Phi-4 chat format instead (warned once)",
                            source == null ? "the model" : source, e.getMessage());
                }
            }
        }
        return renderNative(messages, toolsJson, addGenerationPrompt);
    }

    /** Returns whether prompts come from the checkpoint's Jinja template (failures still fall back). */
    public boolean usesJinja() {
        return jinja != null;
    }

    /**
     * Messages as the template sees them. A template that reads {@code message['tools']} (Phi-4's)
     * gets the tools on the first system message, or on an empty system message put first, exactly
     * where the built-in renderer puts them.
     */
    private List<Map<String, Object>> jinjaMessages(List<PromptMessage> messages, String toolsJson) {
        var out = new ArrayList<Map<String, Object>>(messages.size() + 1);
        for (PromptMessage message : messages) {
            var map = new LinkedHashMap<String, Object>();
            map.put("role", message.role());
            map.put("content", message.content());
            out.add(map);
        }
        if (toolsJson != null && jinja.readsToolsFromMessages()) {
            if (out.isEmpty() || !"system".equals(out.getFirst().get("role"))) {
                var system = new LinkedHashMap<String, Object>();
                system.put("role", "system");
                system.put("content", "");
                out.addFirst(system);
            }
            out.getFirst().put("tools", toolsJson);
        }
        return out;
    }

    // transformers passes tools as a list of JSON schemas; text that is not JSON stays text.
    private static Object jinjaTools(String toolsJson) {
        if (toolsJson == null) {
            return null;
        }
        try {
            return JinjaRenderer.parseJson(toolsJson);
        } catch (IllegalArgumentException e) {
            return toolsJson;
        }
    }

    private String renderNative(List<PromptMessage> messages, String toolsJson, boolean addGenerationPrompt) {
        var prompt = new StringBuilder();
        boolean toolsPending = toolsJson != null;
        if (toolsPending && (messages.isEmpty() || !messages.get(0).role().equals("system"))) {
            appendSystemWithTools(prompt, "", toolsJson);
            toolsPending = false;
        }
        for (PromptMessage message : messages) {
            if (toolsPending) {
                appendSystemWithTools(prompt, message.content(), toolsJson);
                toolsPending = false;
            } else {
                prompt.append("<|").append(message.role()).append("|>").append(message.content()).append("<|end|>");
            }
        }
        prompt.append(addGenerationPrompt ? "<|assistant|>" : eosToken);
        return prompt.toString();
    }

    /** Returns the token appended when no generation prompt is asked for. */
    public String eosToken() {
        return eosToken;
    }

    private static void appendSystemWithTools(StringBuilder prompt, String content, String toolsJson) {
        prompt.append("<|system|>").append(content).append("<|tool|>").append(toolsJson).append("<|/tool|><|end|>");
    }

    // chat_template is one string, or a list of {"name", "template"} whose "default" entry applies.
    private static Optional<String> template(JsonDocument config) {
        Optional<JsonValue> value = config.value("chat_template");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof JsonString text) {
            return Optional.of(text.getString());
        }
        if (value.get().getValueType() == JsonValue.ValueType.ARRAY) {
            return value.get().asJsonArray().stream()
                    .filter(item -> item instanceof JsonObject named && "default".equals(named.getString("name", null)))
                    .map(item -> item.asJsonObject().getString("template", null))
                    .findFirst();
        }
        throw new IllegalArgumentException(config.source() + ": chat_template must be a string or a list of"
                + " named templates, found " + value.get().getValueType());
    }

    // Tokens are a string, or an AddedToken object {"content": ...} in older files.
    private static Optional<String> token(JsonDocument config, String field) {
        Optional<JsonValue> value = config.value(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof JsonString text) {
            return Optional.of(text.getString());
        }
        if (value.get() instanceof JsonObject token && token.get("content") instanceof JsonString content) {
            return Optional.of(content.getString());
        }
        throw new IllegalArgumentException(config.source() + ": " + field
                + " must be a string or an object with \"content\", found " + value.get());
    }
}
