package dev.airlock.bridge.config;

import java.nio.file.Path;

/**
 * What the bridge's command line decides, ready for a picocli command to fill: the options
 * override the file.
 *
 * @param configFile the {@code model_config.json} to read, or null for the defaults
 * @param host {@code --host}, or null to keep the file's
 * @param port {@code --port}, or null to keep the file's
 * @param allowRemote {@code --allow-remote}: permits a non-loopback host when API keys are set
 */
public record BridgeOptions(Path configFile, String host, Integer port, boolean allowRemote) {
    /**
     * Loads the file (if any), applies the options and checks the exposure rule.
     *
     * @throws ConfigException listing every problem, or refusing a remote bind
     */
    public AirlockConfig resolve() {
        AirlockConfig file = configFile == null
                ? new AirlockConfig(BridgeConfig.defaults(), TransportConfig.defaults(), null)
                : ConfigLoader.load(configFile);
        BridgeConfig bridge = file.bridge()
                .withAddress(host != null ? host : file.bridge().host(),
                        port != null ? port : file.bridge().port())
                .withAllowRemote(allowRemote);
        bridge.checkExposure();
        return new AirlockConfig(bridge, file.transport(), file.models());
    }
}
