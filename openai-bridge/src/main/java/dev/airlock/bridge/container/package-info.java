/**
 * The airlock container: creating it locked down ({@code ./airlock container create}) and
 * checking that an existing one still is ({@code ./airlock container check}, and at bridge start).
 */
package dev.airlock.bridge.container;
