package org.oavc.connector.ai.realtime.impl;

import io.vertx.core.json.JsonObject;
import org.oavc.common.audio.G711;
import org.oavc.connector.ai.AiCallInfo;

/**
 * The audio format on the WebSocket: PCM16 LE at 24 kHz, or G.711 at 8 kHz passed through from a
 * G.711 call (no resampling, half the bytes). Names in both protocol shapes.
 */
public enum AudioFormat {
  PCM16(24000, "audio/pcm", "pcm16"),
  PCMU(8000, "audio/pcmu", "g711_ulaw"),
  PCMA(8000, "audio/pcma", "g711_alaw");

  private final int sampleRate;
  private final String gaType;
  private final String betaName;

  AudioFormat(int sampleRate, String gaType, String betaName) {
    this.sampleRate = sampleRate;
    this.gaType = gaType;
    this.betaName = betaName;
  }

  /** G.711 passthrough when allowed and the call's codec is G.711, else PCM16 24 kHz. */
  public static AudioFormat forCall(AiCallInfo info, boolean g711Passthrough) {
    if (!g711Passthrough || !info.isG711()) {
      return PCM16;
    }
    return "PCMA".equalsIgnoreCase(info.codec()) ? PCMA : PCMU;
  }

  public int sampleRate() {
    return sampleRate;
  }

  /** GA format object, e.g. {@code {"type":"audio/pcm","rate":24000}}. */
  public JsonObject gaFormat() {
    JsonObject format = new JsonObject().put("type", gaType);
    return this == PCM16 ? format.put("rate", sampleRate) : format;
  }

  /** Beta format name, e.g. {@code g711_ulaw}. */
  public String betaName() {
    return betaName;
  }

  /**
   * Whether a session.updated {@code session} names this as its input format (GA {@code
   * audio.input.format.type} or beta {@code input_audio_format}); false when absent.
   */
  public boolean confirmedIn(JsonObject session) {
    if (session == null) {
      return false;
    }
    if (betaName.equals(session.getValue("input_audio_format"))) {
      return true;
    }
    Object format = nested(nested(nested(session, "audio"), "input"), "format");
    return format instanceof JsonObject f && gaType.equals(f.getValue("type"));
  }

  private static Object nested(Object parent, String key) {
    return parent instanceof JsonObject o ? o.getValue(key) : null;
  }

  /** Wire bytes for {@code len} samples. */
  public byte[] encode(short[] pcm, int len) {
    if (this == PCM16) {
      byte[] out = new byte[len * 2];
      for (int i = 0; i < len; i++) {
        out[2 * i] = (byte) pcm[i];
        out[2 * i + 1] = (byte) (pcm[i] >> 8);
      }
      return out;
    }
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) {
      out[i] = this == PCMU ? G711.linearToUlaw(pcm[i]) : G711.linearToAlaw(pcm[i]);
    }
    return out;
  }

  /** Samples from wire bytes; a trailing odd byte of PCM16 is dropped. */
  public short[] decode(byte[] data) {
    if (this == PCM16) {
      short[] out = new short[data.length / 2];
      for (int i = 0; i < out.length; i++) {
        out[i] = (short) ((data[2 * i] & 0xFF) | (data[2 * i + 1] << 8));
      }
      return out;
    }
    short[] out = new short[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = this == PCMU ? G711.ulawToLinear(data[i]) : G711.alawToLinear(data[i]);
    }
    return out;
  }
}
