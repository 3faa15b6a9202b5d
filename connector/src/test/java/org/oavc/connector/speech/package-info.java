/**
 * Tests with real speech: FreeTTS speaks the caller's lines ({@link
 * org.oavc.connector.speech.SpeechPrompts}), a Java RTP peer plays them into a SIPp call through
 * the OpenSIPS target and records what the connector sends back ({@link
 * org.oavc.connector.speech.CallerMedia}; SIPp only does the signalling, since it cannot record
 * RTP), and Vosk turns the recording back into words ({@link
 * org.oavc.connector.speech.SpeechCheck}). The same pieces drive the AI latency benches.
 */
package org.oavc.connector.speech;
