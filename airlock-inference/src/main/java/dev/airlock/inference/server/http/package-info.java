/**
 * The internal API over loopback HTTP (Helidon SE): the persistent in-container server that the
 * relay calls, so models stay loaded across exec sessions. The only package of the engine
 * module that imports {@code io.helidon.webserver}.
 */
package dev.airlock.inference.server.http;
