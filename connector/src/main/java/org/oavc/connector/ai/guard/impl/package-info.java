/**
 * Implementations of the uplink guards: {@link org.oavc.connector.ai.guard.impl.EchoSuppressor}
 * (delay tracking over band log-powers, reference-driven suppression with double-talk detection and
 * comfort noise), {@link org.oavc.connector.ai.guard.impl.EnergySpectralSpeechDetector} and {@link
 * org.oavc.connector.ai.guard.impl.SpeechRunBargeInDetector}. Per call, single-threaded, no
 * allocation per frame.
 */
package org.oavc.connector.ai.guard.impl;
