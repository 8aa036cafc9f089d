/**
 * The local-process transport: the airlock as a child process whose stdin and fd 3 carry frames,
 * in a network namespace of its own where Linux allows it.
 */
package dev.airlock.channel.process;
