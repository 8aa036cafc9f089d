/**
 * The HTTP edge: Helidon routes for the OpenAI API, server-sent events, API keys, and the one
 * error handler that turns every failure into the OpenAI error object. The only package that
 * imports {@code io.helidon.webserver}.
 */
package dev.airlock.bridge.http;
