/**
 * Uplink guards between the caller's audio and the AI: the echo guard (our own sent audio as the
 * reference), speech detection and barge-in detection.
 */
package org.oavc.connector.ai.guard;
