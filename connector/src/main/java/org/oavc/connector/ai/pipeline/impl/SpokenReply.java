package org.oavc.connector.ai.pipeline.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * One chat reply being spoken: its sentences, each with its own speech request started as soon as
 * the sentence is complete (up to {@link #LOOKAHEAD} ahead of the one playing), played strictly in
 * order. The head sentence's audio is played as it streams in; a later sentence that answers first
 * waits in memory until every sentence before it has been played. Remembers each sentence's audio
 * length, so a barge-in can tell which words were heard. Used on the call's context only.
 */
final class SpokenReply {
  /**
   * Sentences synthesised ahead of the one playing, at most: enough that the next is ready in time,
   * few enough that a barge-in does not waste synthesis of a whole long reply.
   */
  static final int LOOKAHEAD = 3;

  /** What a reply needs from its session. */
  interface Host {
    /** Starts the speech request of one sentence, reporting to {@code listener}. */
    SpeechStream speak(String text, SpeechStream.Listener listener);

    /** Queues audio to the caller. */
    void play(short[] pcm);

    /** The first byte of speech of this reply arrived. */
    void firstSpeechByte();

    /** A speech request failed; true when the session allows one retry of it. */
    boolean retryAllowed(Throwable cause);

    /** Every sentence of the finished reply is queued to the caller. */
    void allQueued(SpokenReply reply);
  }

  private final Host host;
  private final int sampleRate;
  private final List<Sentence> sentences = new ArrayList<>();
  private int head;
  private boolean finished;
  private boolean cancelled;
  private boolean reportedQueued;

  SpokenReply(Host host, int sampleRate) {
    this.host = host;
    this.sampleRate = sampleRate;
  }

  void addSentence(String text) {
    if (cancelled || finished) {
      return;
    }
    sentences.add(new Sentence(text));
    requestAhead();
  }

  /** Starts the speech requests of the sentences now within reach of the head. */
  private void requestAhead() {
    for (int i = head; i < sentences.size() && i < head + LOOKAHEAD; i++) {
      Sentence s = sentences.get(i);
      if (s.stream == null) {
        s.request();
      }
    }
  }

  /** No more sentences come; the reply is queued once the ones given are. */
  void finish() {
    finished = true;
    advance();
  }

  /** Cancels every speech request and plays nothing more. Idempotent. */
  void cancel() {
    cancelled = true;
    sentences.stream().filter(s -> s.stream != null).forEach(s -> s.stream.cancel());
  }

  /** The reply's text, sentences joined by spaces. */
  String text() {
    return String.join(" ", sentences.stream().map(s -> s.text).toList());
  }

  /** Audio length of what was queued so far, in ms. */
  long queuedMillis() {
    long samples = 0;
    for (Sentence s : sentences) {
      samples += s.queuedSamples;
    }
    return samples * 1000 / sampleRate;
  }

  /**
   * The words heard after {@code playedMillis} of this reply: every sentence played in full, then
   * the share of the next one's words that its played share of audio carried.
   */
  String spokenText(long playedMillis) {
    StringBuilder out = new StringBuilder();
    long left = playedMillis * sampleRate / 1000;
    for (Sentence s : sentences) {
      if (left <= 0) {
        break;
      }
      long length = s.queuedSamples;
      String part;
      if (s.done && left >= length) {
        part = s.text;
      } else {
        String[] words = s.text.split("\\s+");
        long whole = Math.max(length, 1);
        int heard = (int) Math.min(words.length, words.length * Math.min(left, whole) / whole);
        part = String.join(" ", java.util.Arrays.asList(words).subList(0, heard));
      }
      if (!part.isEmpty()) {
        out.append(out.length() > 0 ? " " : "").append(part);
      }
      left -= length;
    }
    return out.toString();
  }

  private void advance() {
    while (!cancelled && head < sentences.size() && sentences.get(head).done) {
      head++;
      if (head < sentences.size()) {
        sentences.get(head).drain();
      }
    }
    if (!cancelled) {
      requestAhead();
    }
    if (!cancelled && finished && head == sentences.size() && !reportedQueued) {
      reportedQueued = true;
      host.allQueued(this);
    }
  }

  /** One sentence and its speech request. */
  private final class Sentence implements SpeechStream.Listener {
    final String text;
    SpeechStream stream;

    /** Audio that arrived while an earlier sentence was still playing. */
    final List<short[]> waiting = new ArrayList<>();

    long queuedSamples;

    /** After a retry: samples of the new response already played from the failed one. */
    long skipSamples;

    boolean done;

    Sentence(String text) {
      this.text = text;
    }

    void request() {
      stream = host.speak(text, this);
    }

    boolean isHead() {
      return head < sentences.size() && sentences.get(head) == this;
    }

    void drain() {
      waiting.forEach(this::queue);
      waiting.clear();
    }

    @Override
    public void onAudio(short[] pcm) {
      if (cancelled) {
        return;
      }
      host.firstSpeechByte();
      if (isHead()) {
        queue(pcm);
      } else {
        waiting.add(pcm);
      }
    }

    private void queue(short[] pcm) {
      short[] rest = pcm;
      if (skipSamples > 0) {
        int skip = (int) Math.min(skipSamples, pcm.length);
        skipSamples -= skip;
        rest = java.util.Arrays.copyOfRange(pcm, skip, pcm.length);
      }
      if (rest.length > 0) {
        queuedSamples += rest.length;
        host.play(rest);
      }
    }

    @Override
    public void onDone() {
      if (cancelled) {
        return;
      }
      done = true;
      if (isHead()) {
        advance();
      }
    }

    @Override
    public void onError(Throwable cause) {
      if (cancelled) {
        return;
      }
      if (!host.retryAllowed(cause)) {
        return;
      }
      // The retry says the same sentence again: skip what the caller already got of it.
      waiting.clear();
      skipSamples = queuedSamples;
      request();
    }
  }
}
