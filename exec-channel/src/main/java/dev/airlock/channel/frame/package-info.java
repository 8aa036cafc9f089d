/**
 * The frame codec of format version 1 (see {@code docs/DESIGN.md}): whole frames written under a
 * lock, frames read with every length, kind, id and payload checked.
 */
package dev.airlock.channel.frame;
