/**
 * The airlock's side of the channel: {@link dev.airlock.channel.server.FrameServer} reads
 * requests from the host and runs a {@link dev.airlock.channel.RequestHandler} per request;
 * {@link dev.airlock.channel.server.ChildFrames} finds the frame streams of a child process.
 */
package dev.airlock.channel.server;
