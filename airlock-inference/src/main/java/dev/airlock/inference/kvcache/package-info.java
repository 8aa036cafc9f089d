/** Per-sequence key/value caches that grow with the sequence. */
package dev.airlock.inference.kvcache;
