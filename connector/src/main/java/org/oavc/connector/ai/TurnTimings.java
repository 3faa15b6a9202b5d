package org.oavc.connector.ai;

/**
 * One agent turn, measured from the end of the caller's speech. A stage a flavor does not have
 * (realtime has no separate STT/LLM/TTS) is -1.
 *
 * @param sttFinalMillis end of speech -> final transcript
 * @param llmFirstTokenMillis end of speech -> first token of the reply
 * @param ttsFirstByteMillis end of speech -> first audio byte from the back end
 * @param firstAudioMillis end of speech -> first reply frame queued to RTP
 */
public record TurnTimings(
    long sttFinalMillis,
    long llmFirstTokenMillis,
    long ttsFirstByteMillis,
    long firstAudioMillis) {}
