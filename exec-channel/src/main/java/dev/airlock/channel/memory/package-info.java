/**
 * An airlock in the same JVM, for tests and benchmarks: a {@link dev.airlock.channel.server.FrameServer}
 * behind a pair of in-memory pipes, reached through
 * {@link dev.airlock.channel.memory.InMemoryTransport}.
 */
package dev.airlock.channel.memory;
