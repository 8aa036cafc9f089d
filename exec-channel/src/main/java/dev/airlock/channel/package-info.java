/**
 * The exec channel: frames multiplexed over one byte pipe between the host and the airlock.
 * {@link dev.airlock.channel.Channel} is the host's view, {@link dev.airlock.channel.RequestHandler}
 * the container's.
 */
package dev.airlock.channel;
