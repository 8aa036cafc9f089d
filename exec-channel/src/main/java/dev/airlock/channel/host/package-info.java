/**
 * The host's side of the channel: {@link dev.airlock.channel.host.MultiplexedChannel} multiplexes
 * many exchanges over one {@link dev.airlock.channel.host.Connection} and starts a new one through
 * its {@link dev.airlock.channel.host.Transport} whenever the airlock dies or misbehaves.
 */
package dev.airlock.channel.host;
