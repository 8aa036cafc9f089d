/**
 * The docker transport: the airlock as a long-lived {@code docker exec} session in a running
 * container, through docker-java, with frames on the exec's stdin and stdout.
 */
package dev.airlock.channel.docker;
