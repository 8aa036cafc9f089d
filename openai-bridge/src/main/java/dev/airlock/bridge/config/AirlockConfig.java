package dev.airlock.bridge.config;

import java.util.List;

/** What the bridge reads from {@code model_config.json}. */
public record AirlockConfig(BridgeConfig bridge, TransportConfig transport, List<ModelEntry> models) {
    public AirlockConfig {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
