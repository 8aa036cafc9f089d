/** Frames of the exec channel: the unit multiplexed over one byte pipe. */
package dev.airlock.dto.frame;
