/**
 * Wire records shared by every Airlock module: OpenAI requests and responses ({@code openai}),
 * channel frames ({@code frame}) and the generation protocol spoken inside the airlock
 * ({@code generation}).
 */
package dev.airlock.dto;
