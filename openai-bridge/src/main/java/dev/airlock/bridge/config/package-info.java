/**
 * The bridge's configuration: the {@code bridge}, {@code transport} and {@code models} parts of
 * {@code model_config.json}, read into records with one error per problem, each naming its JSON
 * path.
 */
package dev.airlock.bridge.config;
