package dev.airlock.channel.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The exec's stdin: what the channel writes to {@link #output()} is what docker-java's copier
 * reads from {@link #input()} and sends into the container. Writes block while
 * {@code capacityChunks} writes are unsent. Closing the output ends the input; that never
 * reaches the process as EOF (docker-java does not half-close), so sessions end with GOODBYE.
 */
final class StdinFeed {
    private final ChunkQueueStream queue;
    private final Output output = new Output();

    StdinFeed(int capacityChunks) {
        this.queue = new ChunkQueueStream(capacityChunks);
    }

    InputStream input() {
        return queue;
    }

    OutputStream output() {
        return output;
    }

    /** Ends the input, as closing the output does, without a checked exception. */
    void end() {
        output.close();
    }

    private final class Output extends OutputStream {
        private volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed || !queue.offer(Arrays.copyOfRange(bytes, offset, offset + length))) {
                throw new IOException("the docker exec's stdin is closed: the session ended");
            }
        }

        @Override
        public void close() {
            closed = true;
            queue.finish();
        }
    }
}
