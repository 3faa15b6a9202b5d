/**
 * Call recordings: a stereo WAV per call (caller left, agent right) at the call's own rate, written
 * incrementally off the event loop so that a crash leaves a playable file, and a full disk stops
 * the recording, never the call. {@link org.oavc.connector.recording.CallRecordings} is what the
 * call layer and the AI side use; the files live in {@code impl/}.
 */
package org.oavc.connector.recording;
