package dev.airlock.bridge.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of malformed and hostile chat requests: broken JSON, wrong types, extreme
 * numbers, deep nesting, odd strings, bad UTF-8 and bodies over the size limit.
 */
final class HostileRequests {
    private static final String VALID = "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"max_tokens\":2}";
    private static final List<String> FIELDS = List.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "n", "stop", "seed", "stream", "stream_options", "presence_penalty",
            "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "user", "tools", "tool_choice",
            "response_format", "top_k", "min_p", "repetition_penalty");
    private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1", "2", "129",
            "1e400", "-1e400", "1e-400", "1e999999999", "123456789012345678901234567890", "-0", "0.5", "3.5",
            "\"\"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "[]", "{}", "[null]", "[1,2]",
            "[\"a\",1]", "{\"type\":\"text\"}", "{\"include_usage\":\"yes\"}", "[{}]", "[{\"role\":5}]",
            "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]",
            "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":7}]}]",
            "[{\"role\":\"user\",\"content\":[[]]}]", "[{\"role\":\"user\",\"content\":\"\\ud83d\\ude00\"}]",
            "{\"type\":\"json_schema\"}", "\"none\"", "\"auto\"", "{\"a\":{\"b\":{\"c\":[]}}}");

    private final Random random;
    private final int maxBodyBytes;

    HostileRequests(long seed, int maxBodyBytes) {
        this.random = new Random(seed);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Returns the next hostile body. */
    byte[] next() {
        return switch (random.nextInt(10)) {
            case 0 -> randomBytes();
            case 1 -> utf8(truncated());
            case 2, 3 -> utf8(replacedField());
            case 4 -> utf8(deeplyNested());
            case 5 -> badUtf8();
            case 6 -> oversized();
            case 7 -> utf8(garbledCharacters());
            case 8 -> utf8(modelName());
            default -> utf8(extraFields());
        };
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String truncated() {
        return VALID.substring(0, random.nextInt(VALID.length()));
    }

    private String replacedField() {
        var body = new StringBuilder("{");
        String target = FIELDS.get(random.nextInt(FIELDS.size()));
        body.append("\"").append(target).append("\":").append(value());
        if (!target.equals("model")) {
            body.append(",\"model\":\"phi-4\"");
        }
        if (!target.equals("messages")) {
            body.append(",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");
        }
        return body.append("}").toString();
    }

    private String value() {
        return VALUES.get(random.nextInt(VALUES.size()));
    }

    private String deeplyNested() {
        int depth = 10 + random.nextInt(3000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(random.nextInt(depth + 1));
        return random.nextBoolean() ? nested
                : "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":"
                        + nested + "}";
    }

    private byte[] badUtf8() {
        byte[] prefix = utf8("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"");
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x9F, (byte) 0xFF, (byte) 0xED, (byte) 0xA0,
                (byte) 0x80};
        byte[] suffix = utf8("\"}]}");
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        int at = random.nextInt(bad.length - 1);
        body[prefix.length] = bad[at];
        body[prefix.length + 1] = bad[at + 1];
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        return body;
    }

    private byte[] oversized() {
        int size = maxBodyBytes + 1 + random.nextInt(maxBodyBytes);
        return utf8("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "a".repeat(size) + "\"}]}");
    }

    private String garbledCharacters() {
        char[] chars = VALID.toCharArray();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            chars[random.nextInt(chars.length)] = (char) random.nextInt(0x80);
        }
        return new String(chars);
    }

    private String modelName() {
        String[] names = {"", " ", "phi-4\\u0000", "../../etc/passwd", "x".repeat(5000), "\\n\\r", "PHI-4",
                "phi-4 ", "\\u202e"};
        return "{\"model\":\"" + names[random.nextInt(names.length)]
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":" + random.nextBoolean() + "}";
    }

    private String extraFields() {
        return "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"" + List.of("user", "system", "assistant", "tool",
                "developer", "function", "").get(random.nextInt(7)) + "\",\"content\":" + value() + "}],"
                + "\"" + FIELDS.get(random.nextInt(FIELDS.size())) + "\":" + value() + ",\"max_tokens\":1}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
