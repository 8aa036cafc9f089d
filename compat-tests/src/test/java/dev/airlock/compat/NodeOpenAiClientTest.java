package dev.airlock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #6: the official {@code openai} npm package, installed from the npm registry into
 * {@code target/node-openai}, runs {@code src/test/node/openai-chat.mjs} against the live bridge
 * with an adapter as the model. Skipped (visibly) only off CI when node or npm is missing.
 */
@ExtendWith(SharedAirlock.class)
class NodeOpenAiClientTest {
    /** The newest openai release that still runs on Node 20 (7.x needs Node 22). */
    static final String OPENAI_NPM_VERSION = "6.49.0";
    private static final Path SCRIPT = Path.of("src/test/node/openai-chat.mjs");
    private static final Path FOLDER = Path.of("target/node-openai");
    private static final long INSTALL_TIMEOUT_SECONDS = 300;
    private static final long RUN_TIMEOUT_SECONDS = 180;

    static JsonObject result;

    @BeforeAll
    static void runScript(LiveAirlock airlock) throws Exception {
        boolean tools = succeeds(List.of("node", "--version")) && succeeds(List.of("npm", "--version"));
        if (!tools && !"true".equals(System.getenv("CI"))) {
            assumeTrue(false, "node and npm are not on PATH; CI=true makes this a failure");
        }
        assertThat(tools).as("node and npm must be on PATH in CI").isTrue();
        install();
        Files.copy(SCRIPT, FOLDER.resolve(SCRIPT.getFileName()), StandardCopyOption.REPLACE_EXISTING);

        Run run = run(List.of("node", SCRIPT.getFileName().toString()), Map.of(
                "AIRLOCK_BASE_URL", airlock.baseUrl() + "/v1",
                "AIRLOCK_MODEL", LiveAirlock.ADAPTER_A), RUN_TIMEOUT_SECONDS);

        assertThat(run.exitCode()).as("node exit code; stderr: %s", run.stderr()).isZero();
        List<String> lines = run.stdout().lines().filter(line -> line.startsWith("{")).toList();
        assertThat(lines).as("one JSON line on stdout: %s", run.stdout()).hasSize(1);
        result = RawBridge.parse(lines.getFirst());
    }

    @Test
    void chatEchoesTheAdapterAndCountsTokens() {
        JsonObject chat = part("chat");

        assertThat(chat.getString("id")).matches("chatcmpl-[0-9a-f]{32}");
        assertThat(chat.getString("object")).isEqualTo("chat.completion");
        assertThat(chat.getString("model")).isEqualTo(LiveAirlock.ADAPTER_A);
        assertThat(chat.getInt("choices")).isEqualTo(1);
        assertThat(chat.getString("role")).isEqualTo("assistant");
        assertThat(chat.getString("finish_reason")).isIn("length", "stop");
        assertThat(chat.getJsonObject("usage").getInt("completion_tokens")).isBetween(1, 8);
    }

    // Fails today: the npm client sends "Accept: application/json" on streams too, and the
    // bridge's Helidon SseSink answers 406 to a request that does not accept text/event-stream.
    // BridgeStreamAcceptTest pins the same bug without Node.
    @Test
    void streamHasOneIdTheAdapterOneFinishTheSameTextAndUsage() {
        JsonObject chat = part("chat");
        JsonObject stream = part("stream");

        assertThat(stream.getJsonArray("ids")).hasSize(1);
        assertThat(stream.getJsonArray("ids").getString(0)).startsWith("chatcmpl-");
        assertThat(stream.getJsonArray("models").getValuesAs(JsonString::getString))
                .containsExactly(LiveAirlock.ADAPTER_A);
        assertThat(stream.getJsonArray("finish_reasons").getValuesAs(JsonString::getString))
                .containsExactly(chat.getString("finish_reason"));
        assertThat(stream.getString("content")).isEqualTo(chat.getString("content"));
        assertThat(stream.getJsonObject("usage").getInt("completion_tokens"))
                .isEqualTo(chat.getJsonObject("usage").getInt("completion_tokens"));
    }

    @Test
    void unknownModelIsNotFoundError() {
        JsonObject unknown = result.getJsonObject("unknown_model").getJsonObject("error");

        assertThat(unknown).as("the unknown model must fail: %s", result.get("unknown_model")).isNotNull();
        assertThat(unknown.getInt("status")).isEqualTo(404);
        assertThat(unknown.getString("class")).isEqualTo("NotFoundError");
        assertThat(unknown.getString("param")).isEqualTo("model");
        assertThat(unknown.getString("code")).isEqualTo("model_not_found");
    }

    /** Returns what one part of the script returned, failing with its error when it threw. */
    private static JsonObject part(String name) {
        JsonObject part = result.getJsonObject(name);
        assertThat(part.containsKey("error")).as("the %s part of the npm script failed: %s", name, part).isFalse();
        return part;
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(FOLDER);
        Path installed = FOLDER.resolve("node_modules/openai/package.json");
        if (Files.exists(installed) && Files.readString(installed).contains("\"version\": \"" + OPENAI_NPM_VERSION + "\"")) {
            return;
        }
        // A package.json of its own keeps npm from installing into a parent folder's project.
        Files.writeString(FOLDER.resolve("package.json"), """
                {"name": "airlock-compat-node", "private": true, "type": "module"}
                """);
        Run npm = run(List.of("npm", "install", "--no-audit", "--no-fund", "openai@" + OPENAI_NPM_VERSION),
                Map.of(), INSTALL_TIMEOUT_SECONDS);
        assertThat(npm.exitCode()).as("npm install exit code; stderr: %s", npm.stderr()).isZero();
    }

    private static boolean succeeds(List<String> command) {
        try {
            return run(command, Map.of(), 30).exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(FOLDER);
        Path out = Files.createTempFile(FOLDER.toAbsolutePath(), "out-", ".txt");
        Path err = Files.createTempFile(FOLDER.toAbsolutePath(), "err-", ".txt");
        try {
            var builder = new ProcessBuilder(command)
                    .directory(FOLDER.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish within " + timeoutSeconds + " s; stderr: " + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
