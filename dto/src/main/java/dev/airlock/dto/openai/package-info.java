/** OpenAI wire records: chat completion requests, responses, stream chunks, models and errors. */
package dev.airlock.dto.openai;
