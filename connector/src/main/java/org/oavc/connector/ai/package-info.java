/**
 * The AI side of a call. One {@link org.oavc.connector.ai.AiSession} per call talks to one back
 * end (a flavor: {@code realtime/}, {@code pipeline/}, {@code echo/}); the call's conversation
 * glue feeds it the caller's echo-guarded audio, key presses as text and barge-in notices, and
 * carries out what it asks for through {@link org.oavc.connector.ai.AiCall} (play audio, stop
 * playback, tools such as hang-up and transfer, transcript turns).
 */
package org.oavc.connector.ai;
