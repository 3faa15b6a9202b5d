/**
 * The "pipeline" AI flavor: Vosk-protocol speech-to-text over WebSocket, an OpenAI-compatible
 * streamed chat completion for the reply, and OpenAI-compatible speech synthesis requested sentence
 * by sentence and played while it streams in. Entry point: {@link
 * org.oavc.connector.ai.pipeline.PipelineFlavor#factory}.
 */
package org.oavc.connector.ai.pipeline;
