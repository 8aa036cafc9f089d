package dev.airlock.inference.model;

import java.util.ArrayList;
import java.util.List;

import dev.airlock.inference.checkpoint.Phi3Config;
import dev.airlock.inference.checkpoint.Phi3Linear;
import dev.airlock.inference.torch.TorchTensor;

/** One pre-norm Phi-3 decoder layer: attention, then the gated MLP, each with its residual. */
final class DecoderLayer {
    private final int index;
    private final Phi3Config config;
    private final RotaryEmbedding rope;
    private final TorchTensor inputLayernorm;
    private final TorchTensor postAttentionLayernorm;
    private final TorchTensor[] projections; // by Phi3Linear.ordinal()

    DecoderLayer(int index, Phi3Config config, RotaryEmbedding rope, TorchTensor inputLayernorm,
            TorchTensor postAttentionLayernorm, TorchTensor[] projections) {
        this.index = index;
        this.config = config;
        this.rope = rope;
        this.inputLayernorm = inputLayernorm;
        this.postAttentionLayernorm = postAttentionLayernorm;
        this.projections = projections.clone();
    }

    /** Returns the bytes of this layer's weights, all of which one decode step reads. */
    long weightBytes() {
        long bytes = inputLayernorm.nbytes() + postAttentionLayernorm.nbytes();
        for (TorchTensor projection : projections) {
            bytes += projection.nbytes();
        }
        return bytes;
    }

    /** Runs the layer on packed rows {@code x [n, hidden]}, writing each segment's keys and values to its cache. */
    TorchTensor forward(TorchTensor x, List<Segment> segments) {
        TorchTensor h = x.add(attention(x.rmsNorm(inputLayernorm, config.rmsNormEps()), segments));
        return h.add(mlp(h.rmsNorm(postAttentionLayernorm, config.rmsNormEps()), segments));
    }

    private TorchTensor attention(TorchTensor x, List<Segment> segments) {
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int d = config.headDim();
        TorchTensor qkv = project(Phi3Linear.QKV_PROJ, x, segments);                // [n, (heads + 2 kv) d]
        var outputs = new ArrayList<TorchTensor>(segments.size());
        for (Segment s : segments) {
            TorchTensor rows = qkv.narrow(0, s.start(), s.length());
            TorchTensor q = rows.narrow(1, 0, (long) heads * d).view(s.length(), heads, d);
            TorchTensor k = rows.narrow(1, (long) heads * d, (long) kvHeads * d).view(s.length(), kvHeads, d);
            TorchTensor v = rows.narrow(1, (long) (heads + kvHeads) * d, (long) kvHeads * d)
                    .view(s.length(), kvHeads, d);
            q = rope.apply(q, s.cos(), s.sin());                                     // [t, heads, d]
            k = rope.apply(k, s.cos(), s.sin());                                     // [t, kv, d]
            TorchTensor[] cached = s.sequence().cache().write(index, k.transpose(0, 1), v.transpose(0, 1));
            TorchTensor o = q.transpose(0, 1).attention(cached[0], cached[1], s.mask(), s.causal());
            outputs.add(o.transpose(0, 1).reshape(s.length(), (long) heads * d));   // [t, heads d]
        }
        return project(Phi3Linear.O_PROJ, TorchTensor.cat(outputs, 0), segments);
    }

    private TorchTensor mlp(TorchTensor x, List<Segment> segments) {
        int width = config.intermediateSize();
        TorchTensor gateUp = project(Phi3Linear.GATE_UP_PROJ, x, segments);         // [n, 2 width]
        TorchTensor gate = gateUp.narrow(1, 0, width);
        TorchTensor up = gateUp.narrow(1, width, width);
        return project(Phi3Linear.DOWN_PROJ, gate.siluTimes(up), segments);
    }

    /** {@code x Wᵀ}, plus each segment's LoRA update on its own rows. */
    private TorchTensor project(Phi3Linear kind, TorchTensor x, List<Segment> segments) {
        TorchTensor y = x.linear(projections[kind.ordinal()]);
        for (Segment s : segments) {
            if (s.adapter() != null) {
                s.adapter().find(kind, index).ifPresent(m -> y.narrow(0, s.start(), s.length())
                        .addInPlace(m.delta(x.narrow(0, s.start(), s.length()))));
            }
        }
        return y;
    }
}
