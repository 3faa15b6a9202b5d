/**
 * The realtime flavor: one WebSocket per call to a speech-to-speech back end speaking the OpenAI
 * Realtime protocol (GA or beta event names), with server VAD, barge-in through {@code
 * response.cancel} + {@code conversation.item.truncate}, function calls as tools, and one reconnect
 * that restores the conversation. Entry point: {@link
 * org.oavc.connector.ai.realtime.RealtimeFlavor}.
 */
package org.oavc.connector.ai.realtime;
