/**
 * One generation from prompt to finish: chat rendering, tokenizing, the token loop with its stop
 * conditions, and streaming text that never splits a UTF-8 character or shows part of a stop string.
 */
package dev.airlock.inference.generation;
