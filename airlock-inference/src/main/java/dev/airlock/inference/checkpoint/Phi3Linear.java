package dev.airlock.inference.checkpoint;

/** The four linear layers of a Phi-3 decoder layer, named as in the checkpoint and in PEFT adapters. */
public enum Phi3Linear {
    QKV_PROJ("self_attn.qkv_proj"),
    O_PROJ("self_attn.o_proj"),
    GATE_UP_PROJ("mlp.gate_up_proj"),
    DOWN_PROJ("mlp.down_proj");

    private final String path;

    Phi3Linear(String path) {
        this.path = path;
    }

    /** Returns the module's full dotted name, {@code model.layers.3.self_attn.qkv_proj}. */
    public String moduleName(int layer) {
        return "model.layers." + layer + "." + path;
    }

    /** Returns the checkpoint key of the base weight. */
    public String weightKey(int layer) {
        return moduleName(layer) + ".weight";
    }

    /** Returns the input width ({@code W}'s columns). */
    public int inFeatures(Phi3Config config) {
        return switch (this) {
            case QKV_PROJ, GATE_UP_PROJ -> config.hiddenSize();
            case O_PROJ -> config.numAttentionHeads() * config.headDim();
            case DOWN_PROJ -> config.intermediateSize();
        };
    }

    /** Returns the output width ({@code W}'s rows). */
    public int outFeatures(Phi3Config config) {
        return switch (this) {
            case QKV_PROJ -> (config.numAttentionHeads() + 2 * config.numKeyValueHeads()) * config.headDim();
            case O_PROJ, DOWN_PROJ -> config.hiddenSize();
            case GATE_UP_PROJ -> 2 * config.intermediateSize();
        };
    }
}
