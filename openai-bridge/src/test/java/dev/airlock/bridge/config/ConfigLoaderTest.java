package dev.airlock.bridge.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {
    @Test
    void readsTheExampleConfiguration() {
        String json = """
                {"bridge":{"host":"127.0.0.1","port":8080},
                 "transport":{"kind":"process","require_isolation":false},
                 "models":[{"name":"phi-4-mini-demo","path":"${AIRLOCK_CACHE}/models/phi-4-mini-demo",
                            "device":"cpu","dtype":"float32","adapters":{}}]}
                """;

        AirlockConfig config = ConfigLoader.parse(json, "model_config.json");

        assertThat(config.bridge()).isEqualTo(BridgeConfig.defaults());
        assertThat(config.transport().kind()).isEqualTo("process");
        assertThat(config.models()).singleElement().satisfies(model -> {
            assertThat(model.name()).isEqualTo("phi-4-mini-demo");
            assertThat(model.path()).isEqualTo("${AIRLOCK_CACHE}/models/phi-4-mini-demo");
            assertThat(model.device()).isEqualTo("cpu");
        });
    }

    @Test
    void readsTheShippedExampleFiles() {
        AirlockConfig process = ConfigLoader.load(java.nio.file.Path.of("../model_config.example.json"));
        AirlockConfig docker = ConfigLoader.load(java.nio.file.Path.of("../model_config.docker.example.json"));

        assertThat(process.transport().kind()).isEqualTo(TransportConfig.PROCESS);
        assertThat(docker.transport().kind()).isEqualTo(TransportConfig.DOCKER);
        assertThat(docker.transport().container()).isEqualTo("airlock");
        assertThat(docker.transport().relayCommand()).isEqualTo(TransportConfig.DEFAULT_RELAY_COMMAND);
        assertThat(docker.models()).singleElement().satisfies(model ->
                assertThat(model.path()).isEqualTo("/models/Phi-4-mini-instruct"));
    }

    @Test
    void readsQueueLimitsAndCorsOrigins() {
        String json = """
                {"bridge":{"max_concurrent_per_adapter":2,"max_queue":5,"cors_origins":["http://localhost:3000","*"]}}
                """;

        BridgeConfig bridge = ConfigLoader.parse(json, "model_config.json").bridge();

        assertThat(bridge.maxConcurrentPerAdapter()).isEqualTo(2);
        assertThat(bridge.maxQueue()).isEqualTo(5);
        assertThat(bridge.corsOrigins()).containsExactly("http://localhost:3000", "*");
    }

    @Test
    void reportsBadQueueLimitsAndOriginsWithTheirPaths() {
        String json = """
                {"bridge":{"max_concurrent_per_adapter":0,"max_queue":-1,"cors_origins":["http://x/path"]}}
                """;

        var e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json, "c.json"));

        assertThat(String.join("\n", e.problems())).contains("$.bridge.max_concurrent_per_adapter")
                .contains("$.bridge.max_queue").contains("$.bridge.cors_origins[0]");
    }

    @Test
    void acceptsTheOriginalProjectsModelFields() {
        String json = """
                {"models":[{"name":"phi-4","model_path":"/models/phi-4",
                            "adapter_map":{"adapter-a":"/adapters/a"},"max_concurrent_per_adapter":2}]}
                """;

        ModelEntry model = ConfigLoader.parse(json, "legacy.json").models().getFirst();

        assertThat(model.path()).isEqualTo("/models/phi-4");
        assertThat(model.adapters()).containsEntry("adapter-a", "/adapters/a");
        assertThat(model.maxConcurrentPerAdapter()).isEqualTo(2);
    }

    @Test
    void reportsEveryProblemWithItsJsonPath() {
        String json = """
                {"bridge":{"host":"","port":70000,"api_keys":"secret","max_body_bytes":"big"},
                 "transport":{"kind":"ssh"},
                 "models":[{"path":"/m"},{"name":"a","path":"/a","adapters":{"a":"/x","b":3}}]}
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json, "bad.json"));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("$.bridge.host:"))
                .anySatisfy(p -> assertThat(p).startsWith("$.bridge.port:").contains("70000"))
                .anySatisfy(p -> assertThat(p).startsWith("$.bridge.api_keys:"))
                .anySatisfy(p -> assertThat(p).startsWith("$.bridge.max_body_bytes:"))
                .anySatisfy(p -> assertThat(p).startsWith("$.transport.kind:").contains("ssh"))
                .anySatisfy(p -> assertThat(p).startsWith("$.models[0].name:"))
                .anySatisfy(p -> assertThat(p).startsWith("$.models[1].adapters.a:").contains("another"))
                .anySatisfy(p -> assertThat(p).startsWith("$.models[1].adapters.b:"));
        assertThat(e.getMessage()).startsWith("bad.json has 8 problems:");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> ConfigLoader.parse("[1]", "x.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$: must be a JSON object");
    }

    @Test
    void refusesARemoteHostWithoutKeysAndOptIn() {
        var options = new BridgeOptions(null, "0.0.0.0", 0, true);

        assertThatThrownBy(options::resolve)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a loopback address")
                .hasMessageContaining("api_keys");
    }

    @Test
    void refusesARemoteHostWithKeysButNoOptIn() {
        var config = BridgeConfig.defaults().withAddress("192.168.1.5", 8080).withApiKeys(List.of("k"));

        assertThatThrownBy(config::checkExposure).hasMessageContaining("--allow-remote");
    }

    @Test
    void allowsARemoteHostWithKeysAndOptIn() {
        var config = BridgeConfig.defaults().withAddress("0.0.0.0", 8080).withApiKeys(List.of("k"))
                .withAllowRemote(true);

        config.checkExposure();

        assertThat(config.isLoopback()).isFalse();
    }

    @Test
    void loopbackLiteralsNeedNothing() {
        for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]")) {
            assertThat(BridgeConfig.defaults().withAddress(host, 0).isLoopback()).as(host).isTrue();
        }
        assertThat(BridgeConfig.defaults().withAddress("my-host.example", 0).isLoopback()).isFalse();
    }

    @Test
    void toStringHidesTheKeys() {
        var config = BridgeConfig.defaults().withApiKeys(List.of("sk-very-secret"));

        assertThat(config.toString()).doesNotContain("sk-very-secret").contains("1 key(s)");
    }

    @Test
    void apiKeysMatchOnlyExactly() {
        ApiKeys keys = ApiKeys.of(List.of("alpha", "beta"));

        assertThat(keys.matches("beta")).isTrue();
        assertThat(keys.matches("bet")).isFalse();
        assertThat(keys.matches("betaa")).isFalse();
        assertThat(keys.matches(null)).isFalse();
    }
}
