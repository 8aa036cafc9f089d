package dev.airlock.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #6: the curl examples of the root README's "Run the demo" section, executed as written
 * (only the port is changed to the live bridge's), so the README cannot rot.
 */
@ExtendWith(SharedAirlock.class)
class ReadmeCurlTest {
    private static final Path README = Path.of("../README.md");
    private static final String SECTION = "**Run the demo**";
    private static final String README_ADDRESS = "127.0.0.1:8080";
    private static final long CURL_TIMEOUT_SECONDS = 120;

    static List<String> commands;
    static String address;

    @BeforeAll
    static void readExamples(LiveAirlock airlock) throws IOException {
        commands = curlCommands(Files.readString(README));
        address = airlock.baseUrl().substring("http://".length());
    }

    @Test
    void readmeShowsAChatAStreamAndTheModelList() {
        assertThat(commands).hasSize(3);
        assertThat(commands).allSatisfy(command -> assertThat(command).contains(README_ADDRESS));
    }

    @Test
    void chatExampleAnswersACompletion() throws Exception {
        String output = run(example("-d", "\"stream\":true", false));

        JsonObject completion = RawBridge.parse(output);
        assertThat(completion.getString("object")).isEqualTo("chat.completion");
        assertThat(completion.getString("model")).isEqualTo(LiveAirlock.MODEL);
        assertThat(completion.getJsonArray("choices")).hasSize(1);
        assertThat(completion.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isIn("length", "stop");
        assertThat(completion.getJsonObject("usage").getInt("completion_tokens")).isBetween(1, 16);
    }

    @Test
    void streamExampleEndsWithAFinishReasonThenDone() throws Exception {
        String output = run(example("-sN", "\"stream\":true", true));

        List<String> events = output.lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length()).strip())
                .toList();
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(RawBridge::parse).toList();
        assertThat(chunks).isNotEmpty().allSatisfy(chunk -> {
            assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
            assertThat(chunk.getString("model")).isEqualTo(LiveAirlock.MODEL);
        });
        JsonObject last = chunks.getLast().getJsonArray("choices").getJsonObject(0);
        assertThat(last.getString("finish_reason")).isIn("length", "stop");
    }

    @Test
    void modelsExampleListsTheDemoModel() throws Exception {
        String output = run(example("/v1/models", "", false));

        JsonObject list = RawBridge.parse(output);
        assertThat(list.getString("object")).isEqualTo("list");
        assertThat(list.getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(model -> model.getString("id"))
                .contains(LiveAirlock.MODEL);
    }

    /** Returns the one command that contains {@code marker} and does or does not contain {@code streamMarker}. */
    private static String example(String marker, String streamMarker, boolean stream) {
        List<String> matching = commands.stream()
                .filter(command -> command.contains(marker))
                .filter(command -> streamMarker.isEmpty() || command.contains(streamMarker) == stream)
                .toList();
        assertThat(matching).as("README curl examples with %s", marker).hasSize(1);
        return matching.getFirst().replace(README_ADDRESS, address);
    }

    private static String run(String command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("readme-curl-", ".out");
        try {
            Process process = new ProcessBuilder("bash", "-c", command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(CURL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("README example did not finish within " + CURL_TIMEOUT_SECONDS + " s: " + command);
            }
            assertThat(process.exitValue()).as("exit code of %s", command).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Returns the curl commands of the fenced blocks in the "Run the demo" section, each with its
     * backslash-continued lines joined as bash would join them.
     */
    static List<String> curlCommands(String readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section %s", SECTION).isNotNegative();
        int end = readme.indexOf("\n**", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        var commands = new ArrayList<String>();
        boolean fenced = false;
        var current = new StringBuilder();
        for (String line : section.lines().toList()) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            String command = current.toString().strip();
            current.setLength(0);
            if (command.startsWith("curl ")) {
                commands.add(command);
            }
        }
        return commands;
    }
}
