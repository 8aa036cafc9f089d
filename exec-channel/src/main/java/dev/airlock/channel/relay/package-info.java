/**
 * The in-container relay: the process {@code docker exec} starts. It serves frames on its stdin
 * and fd 3 and forwards each request as a loopback HTTP call to the persistent in-container
 * server, so models stay loaded when an exec session dies and a new one starts.
 */
package dev.airlock.channel.relay;
