/**
 * Local, offline AI services speaking the connector's protocols: Vosk-protocol STT, OpenAI
 * compatible TTS and chat over HTTP, and a Realtime-protocol speech-to-speech WebSocket. Entry
 * points: {@link org.oavc.aiservices.AiServices#start}, {@link org.oavc.aiservices.AiServicesMain}.
 */
package org.oavc.aiservices;
