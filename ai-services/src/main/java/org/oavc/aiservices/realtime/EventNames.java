package org.oavc.aiservices.realtime;

/**
 * Server event and part names of the two Realtime dialects. A client that sends the {@code
 * OpenAI-Beta: realtime=v1} header gets the beta names, every other one the GA names.
 */
record EventNames(boolean beta) {
  String audioDelta() {
    return beta ? "response.audio.delta" : "response.output_audio.delta";
  }

  String audioDone() {
    return beta ? "response.audio.done" : "response.output_audio.done";
  }

  String transcriptDelta() {
    return beta ? "response.audio_transcript.delta" : "response.output_audio_transcript.delta";
  }

  String transcriptDone() {
    return beta ? "response.audio_transcript.done" : "response.output_audio_transcript.done";
  }

  String itemCreated() {
    return beta ? "conversation.item.created" : "conversation.item.added";
  }

  String audioPartType() {
    return beta ? "audio" : "output_audio";
  }
}
