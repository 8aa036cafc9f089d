package dev.airlock.inference.torch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;

/**
 * One step of tensor work: every tensor created on this thread while the scope is open is freed
 * when it closes, unless {@link TorchTensor#retain()} was called on it. Runs in libtorch's
 * inference mode (no autograd). Open and close it on the same thread.
 */
public final class StepScope implements AutoCloseable {
    private final InferenceMode inferenceMode;
    private final PointerScope pointerScope;
    private boolean closed;

    /** Opens a scope on the calling thread. */
    public StepScope() {
        TorchRuntime.ensureLoaded();
        inferenceMode = new InferenceMode();
        pointerScope = new PointerScope();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pointerScope.close();
        inferenceMode.close();
    }
}
