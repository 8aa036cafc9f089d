package dev.airlock.inference.torch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import dev.airlock.inference.checkpoint.TensorEntry;
import dev.airlock.inference.checkpoint.TensorSource;

/**
 * A libtorch tensor, on the CPU in float32 unless a factory or {@link #to(Placement)} says
 * otherwise. A tensor belongs to the {@link StepScope} open when it was made and dies with it;
 * {@link #retain()} keeps it beyond, and then whoever retained it calls {@link #close()}. Not
 * thread-safe.
 */
public final class TorchTensor implements AutoCloseable {
    /** Bytes mapped and copied at a time when loading, a multiple of every element size. */
    private static final int LOAD_CHUNK_BYTES = 1 << 28;

    private final Tensor value;
    private boolean retained;

    private TorchTensor(Tensor value) {
        this.value = value;
    }

    /**
     * Copies a checkpoint tensor into a new float32 tensor (F32, BF16, F16 and F64 are converted),
     * mapping the file chunk by chunk so the data is copied once.
     *
     * @throws IllegalArgumentException naming the tensor when its dtype cannot become float32
     */
    public static TorchTensor load(TensorSource source, TensorEntry entry) {
        return load(source, entry, Placement.CPU_FLOAT32);
    }

    /**
     * Copies a checkpoint tensor into a new tensor of {@code placement}'s dtype (BF16 stays BF16
     * for a bfloat16 placement), staged on the CPU and then moved to its device.
     *
     * @throws IllegalArgumentException naming the tensor when its dtype cannot be converted
     */
    public static TorchTensor load(TensorSource source, TensorEntry entry, Placement placement) {
        ScalarType fileType = switch (entry.dtype()) {
            case F32 -> ScalarType.Float;
            case BF16 -> ScalarType.BFloat16;
            case F16 -> ScalarType.Half;
            case F64 -> ScalarType.Double;
            default -> throw new IllegalArgumentException("tensor '" + entry.name() + "' in " + entry.file()
                    + " has dtype " + entry.dtype() + "; the engine loads F32, BF16, F16 or F64");
        };
        int elementBytes = entry.dtype().sizeBytes();
        long numel = entry.numel();
        Tensor flat = torch.empty(new long[] {numel}, new TensorOptions(placement.scalarType()),
                new org.bytedeco.pytorch.MemoryFormatOptional());
        for (long offset = 0; offset < entry.sizeBytes(); offset += LOAD_CHUNK_BYTES) {
            int length = (int) Math.min(LOAD_CHUNK_BYTES, entry.sizeBytes() - offset);
            ByteBuffer buffer = source.map(entry, offset, length);
            var pointer = new BytePointer(buffer);
            Tensor view = torch.from_blob(pointer, new long[] {length / elementBytes},
                    new TensorOptions(fileType));
            flat.narrow(0, offset / elementBytes, length / elementBytes).copy_(view);
            view.close();
            pointer.close();
            java.lang.ref.Reference.reachabilityFence(buffer);
        }
        Tensor shaped = flat.view(entry.shape());
        return new TorchTensor(placement.cuda() ? shaped.to(placement.device(), placement.scalarType()) : shaped);
    }

    /** Returns a float32 tensor holding a copy of {@code data} with the given shape. */
    public static TorchTensor ofFloats(float[] data, long... shape) {
        checkNumel(data.length, shape);
        var pointer = new FloatPointer(data);
        Tensor copy = torch.from_blob(pointer, shape, new TensorOptions(ScalarType.Float)).clone();
        pointer.close();
        return new TorchTensor(copy);
    }

    /** Returns an int64 tensor of {@code ids}, shape {@code [ids.length]}. */
    public static TorchTensor ofIds(int[] ids) {
        long[] wide = Arrays.stream(ids).asLongStream().toArray();
        var pointer = new LongPointer(wide);
        Tensor copy = torch.from_blob(pointer, new long[] {ids.length}, new TensorOptions(ScalarType.Long)).clone();
        pointer.close();
        return new TorchTensor(copy);
    }

    /** Returns a boolean tensor copied from {@code mask} with the given shape. */
    public static TorchTensor ofMask(boolean[] mask, long... shape) {
        checkNumel(mask.length, shape);
        byte[] bytes = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            bytes[i] = (byte) (mask[i] ? 1 : 0);
        }
        var pointer = new BytePointer(bytes);
        Tensor copy = torch.from_blob(pointer, shape, new TensorOptions(ScalarType.Bool)).clone();
        pointer.close();
        return new TorchTensor(copy);
    }

    /** Returns a zero-filled float32 tensor on the CPU. */
    public static TorchTensor zeros(long... shape) {
        return zeros(Placement.CPU_FLOAT32, shape);
    }

    /** Returns a zero-filled tensor of {@code placement}'s dtype on its device. */
    public static TorchTensor zeros(Placement placement, long... shape) {
        return new TorchTensor(torch.zeros(shape, placement.options()));
    }

    /** Concatenates along {@code dim}. */
    public static TorchTensor cat(List<TorchTensor> parts, long dim) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        var vector = new TensorVector(parts.stream().map(t -> t.value).toArray(Tensor[]::new));
        return new TorchTensor(torch.cat(vector, dim));
    }

    private static void checkNumel(long numel, long[] shape) {
        long expected = 1;
        for (long d : shape) {
            expected *= d;
        }
        if (expected != numel) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + expected
                    + " values, given " + numel);
        }
    }

    /**
     * Keeps this tensor alive after its step scope closes; the caller must {@link #close()} it.
     *
     * @return this tensor
     */
    public TorchTensor retain() {
        if (!retained) {
            value.retainReference();
            retained = true;
        }
        return this;
    }

    /** Releases a retained tensor; safe to call twice, and a no-op for one never retained. */
    @Override
    public void close() {
        if (retained) {
            retained = false;
            value.releaseReference();
        }
    }

    /** Returns the shape. */
    public long[] shape() {
        long[] shape = new long[(int) value.dim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = value.size(i);
        }
        return shape;
    }

    /** Returns the size of dimension {@code dim} (negative counts from the end). */
    public long size(long dim) {
        return value.size(dim);
    }

    /** Returns the number of elements. */
    public long numel() {
        return value.numel();
    }

    /** Returns the bytes of this tensor's elements (numel × element size). */
    public long nbytes() {
        return value.nbytes();
    }

    /**
     * Returns this tensor on {@code placement}'s device, floating-point values cast to its dtype
     * (integer and boolean tensors keep theirs); this data when nothing changes.
     */
    public TorchTensor to(Placement placement) {
        Tensor moved = value;
        if (placement.cuda() != value.is_cuda()) {
            moved = moved.to(new TensorOptions(placement.device()), false, false,
                    new org.bytedeco.pytorch.MemoryFormatOptional());
        }
        if (torch.is_floating_point(moved) && moved.scalar_type() != placement.scalarType()) {
            moved = moved.to(placement.scalarType());
        }
        return moved == value ? this : new TorchTensor(moved);
    }

    /** Rows of this embedding matrix picked by int64 {@code ids}: {@code [n] -> [n, width]}. */
    public TorchTensor embedding(TorchTensor ids) {
        return new TorchTensor(torch.embedding(value, ids.value));
    }

    /**
     * RMSNorm over the last dimension with float32 statistics, then times {@code weight}. A
     * reduced-precision input is normalized in float32 and cast back before the weight multiplies
     * it, as transformers' {@code Phi3RMSNorm} does (PHI4.md 2.8).
     */
    public TorchTensor rmsNorm(TorchTensor weight, double eps) {
        long[] last = {value.size(-1)};
        if (value.scalar_type() == ScalarType.Float) {
            return new TorchTensor(torch.rms_norm(value, last, new TensorOptional(weight.value),
                    new DoubleOptional(eps)));
        }
        Tensor normed = torch.rms_norm(value.to(ScalarType.Float), last, new TensorOptional(),
                new DoubleOptional(eps));
        return new TorchTensor(normed.type_as(value).mul(weight.value));
    }

    /**
     * {@code x Wᵀ} for {@code x [n, in]} and {@code W [out, in]}. One row goes through {@code mv},
     * because batch-1 {@code linear} is several times slower on this libtorch build.
     */
    public TorchTensor linear(TorchTensor weight) {
        if (value.size(0) == 1) {
            Tensor row = value.view(value.size(1));
            return new TorchTensor(torch.mv(weight.value, row).view(1, weight.value.size(0)));
        }
        return new TorchTensor(torch.matmul(value, weight.value.t()));
    }

    /** A view of {@code length} entries of dimension {@code dim} from {@code start}. */
    public TorchTensor narrow(long dim, long start, long length) {
        return new TorchTensor(value.narrow(dim, start, length));
    }

    /** A view with a new shape (the data must be laid out for it). */
    public TorchTensor view(long... shape) {
        return new TorchTensor(value.view(shape));
    }

    /** A tensor with a new shape, copying only when the layout requires it. */
    public TorchTensor reshape(long... shape) {
        return new TorchTensor(value.reshape(shape));
    }

    /** Swaps two dimensions (a view). */
    public TorchTensor transpose(long first, long second) {
        return new TorchTensor(value.transpose(first, second));
    }

    /** Adds a dimension of size one at {@code dim} (a view). */
    public TorchTensor unsqueeze(long dim) {
        return new TorchTensor(value.unsqueeze(dim));
    }

    /** Product with a scalar. */
    public TorchTensor mul(double factor) {
        return new TorchTensor(value.mul(new Scalar(factor)));
    }

    /** Elementwise sum (broadcasting). */
    public TorchTensor add(TorchTensor other) {
        return new TorchTensor(value.add(other.value));
    }

    /** Adds {@code other} into this tensor in place (this may be a view). */
    public void addInPlace(TorchTensor other) {
        value.add_(other.value);
    }

    /** Copies {@code source} into this tensor in place (this may be a view). */
    public void copyFrom(TorchTensor source) {
        value.copy_(source.value);
    }

    /** {@code silu(this) * other} in one new tensor (the gated MLP's product, without a second temporary). */
    public TorchTensor siluTimes(TorchTensor other) {
        Tensor out = torch.silu(value);
        out.mul_(other.value);
        return new TorchTensor(out);
    }

    /**
     * Rotary embedding, half-split convention, of the leading {@code rotaryDim} dims of
     * {@code this [t, heads, d]}: with halves {@code x1, x2} and {@code c, s} the first halves of
     * {@code cos, sin [t, 1, rotaryDim]}, {@code out1 = x1 c - x2 s} and {@code out2 = x2 c + x1 s};
     * the dims past {@code rotaryDim} are copied. Writes one new contiguous tensor and nothing else.
     */
    public TorchTensor rotary(TorchTensor cos, TorchTensor sin, int rotaryDim) {
        long d = value.size(2);
        long half = rotaryDim / 2;
        Tensor out = torch.empty_like(value);
        Tensor x1 = value.narrow(2, 0, half);
        Tensor x2 = value.narrow(2, half, half);
        Tensor c = cos.value.narrow(2, 0, half);
        Tensor s = sin.value.narrow(2, 0, half);
        Tensor first = out.narrow(2, 0, half);
        Tensor second = out.narrow(2, half, half);
        torch.mul_out(first, x1, c);
        first.addcmul_(x2, s, new Scalar(-1.0));
        torch.mul_out(second, x2, c);
        second.addcmul_(x1, s, new Scalar(1.0));
        if (rotaryDim < d) {
            out.narrow(2, rotaryDim, d - rotaryDim).copy_(value.narrow(2, rotaryDim, d - rotaryDim));
        }
        return new TorchTensor(out);
    }

    /** Picks rows {@code index} (int64) of dimension {@code dim}. */
    public TorchTensor indexSelect(long dim, TorchTensor index) {
        return new TorchTensor(torch.index_select(value, dim, index.value));
    }

    /**
     * Scaled dot-product attention with softmax in float32: this is {@code q [heads, t, d]}, keys
     * and values {@code [kvHeads, s, d]} where query head {@code i} reads kv head
     * {@code i / (heads / kvHeads)}; {@code mask [t, s]} (true = may attend), or {@code causal}
     * (top-left aligned, for {@code t == s}), or neither. Returns {@code [heads, t, d]}.
     */
    public TorchTensor attention(TorchTensor keys, TorchTensor values, TorchTensor mask, boolean causal) {
        long heads = value.size(0);
        long t = value.size(1);
        long d = value.size(2);
        long kvHeads = keys.value.size(0);
        long group = heads / kvHeads;
        if (t == 1 && mask == null) {
            // One query per head: grouped matmuls read the cache in place instead of repeating it.
            Tensor q = value.reshape(kvHeads, group, d);                               // [kv, group, d]
            Tensor scores = torch.matmul(q, keys.value.transpose(1, 2)).mul(new Scalar(1.0 / Math.sqrt(d)));
            // Softmax in float32 whatever the compute dtype (PHI4.md 2.8), then back for the matmul.
            Tensor probs = torch.softmax(scores, -1, new ScalarTypeOptional(ScalarType.Float))
                    .type_as(values.value);                                             // [kv, group, s]
            return new TorchTensor(torch.matmul(probs, values.value).view(heads, 1, d));
        }
        // enable_gqa: head i reads key/value head i / group, without copying the cache per group.
        var maskArg = mask == null ? new TensorOptional() : new TensorOptional(mask.value);
        Tensor out = torch.scaled_dot_product_attention(value.unsqueeze(0), keys.value.unsqueeze(0),
                values.value.unsqueeze(0), maskArg, 0.0, causal, new DoubleOptional(), group > 1);
        return new TorchTensor(out.squeeze(0));
    }

    /** Returns a contiguous copy (or this data when already contiguous). */
    public TorchTensor contiguous() {
        return new TorchTensor(value.contiguous());
    }

    /** Copies the values out in row-major order, as float32 on the CPU whatever the tensor's dtype and device. */
    public float[] toFloatArray() {
        Tensor dense = value.cpu().to(ScalarType.Float).contiguous();
        float[] out = new float[(int) dense.numel()];
        dense.data_ptr_float().get(out);
        return out;
    }

    /** Returns whether every element of both tensors is equal (same shape). */
    public boolean sameValues(TorchTensor other) {
        return Arrays.equals(shape(), other.shape()) && torch.equal(value, other.value);
    }
}
