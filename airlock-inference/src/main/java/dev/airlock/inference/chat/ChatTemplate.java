package dev.airlock.inference.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.inference.checkpoint.JsonDocument;

/**
 * Renders chat messages in the Phi-4 format (PHI4.md 4.1): {@code <|role|>content<|end|>} per
 * message, tools on the system message, then {@code <|assistant|>} or the EOS token. Immutable
 * and thread-safe.
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

    private ChatTemplate(String eosToken) {
        this.eosToken = eosToken;
    }

    /** Returns the Phi-4 template with EOS {@code <|endoftext|>}. */
    public static ChatTemplate phi4() {
        return new ChatTemplate(DEFAULT_EOS_TOKEN);
    }

    /**
     * Returns the template of a checkpoint folder. A {@code chat_template} other than Phi-4's, or a
     * missing {@code tokenizer_config.json}, falls back to the Phi-4 format with one warning:
     * there is no Jinja engine to run other templates.
     */
    public static ChatTemplate load(Path checkpoint) {
        Path file = checkpoint.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            LOGGER.log(System.Logger.Level.WARNING, "no {0}; using the built-in Phi-4 chat format", file);
            return phi4();
        }
        JsonDocument config = JsonDocument.read(file);
        String eos = token(config, "eos_token").orElse(DEFAULT_EOS_TOKEN);
        Optional<String> template = template(config);
        if (template.isEmpty()) {
            LOGGER.log(System.Logger.Level.WARNING, "{0} has no chat_template; using the built-in Phi-4 chat format",
                    file);
        } else if (!template.get().strip().equals(PHI4_JINJA)) {
            LOGGER.log(System.Logger.Level.WARNING, "the chat_template of {0} is not the Phi-4 template and no Jinja"
                    + " engine is available; using the built-in Phi-4 chat format instead", file);
        }
        return new ChatTemplate(eos);
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
