package org.oavc.connector.media.codec;

import java.util.Locale;
import org.oavc.connector.media.codec.impl.G711Codec;
import org.oavc.connector.media.codec.impl.G722Codec;
import org.oavc.connector.media.codec.impl.L16Codec;
import org.oavc.connector.media.codec.impl.OpusCodec;

/** Creates codec instances by SDP encoding name (a=rtpmap), case-insensitively. */
public final class AudioCodecs {
  private AudioCodecs() {}

  /** True when {@link #create} can make a codec for this rtpmap entry. */
  public static boolean isSupported(String encodingName, int clockRate, int channels) {
    return resolve(encodingName, clockRate, channels, new OpusCodecOptions()) != null;
  }

  /**
   * Creates a fresh codec (its own encoder and decoder state) for one call.
   *
   * @param channels the rtpmap channel count (1 when absent); Opus always says 2 there, so {@link
   *     #create(String, int, int, OpusCodecOptions)} decides Opus PCM channels
   * @throws IllegalArgumentException for an unknown name or a rate the codec does not run at
   */
  public static AudioCodec create(String encodingName, int clockRate, int channels) {
    return create(encodingName, clockRate, channels, new OpusCodecOptions());
  }

  public static AudioCodec create(
      String encodingName, int clockRate, int channels, OpusCodecOptions opus) {
    AudioCodec codec = resolve(encodingName, clockRate, channels, opus);
    if (codec == null) {
      throw new IllegalArgumentException(
          "unsupported codec " + encodingName + "/" + clockRate + "/" + channels);
    }
    return codec;
  }

  private static AudioCodec resolve(
      String name, int clockRate, int channels, OpusCodecOptions opus) {
    if (name == null) {
      return null;
    }
    boolean mono = channels == 1;
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "PCMU" -> clockRate == 8000 && mono ? G711Codec.pcmu() : null;
      case "PCMA" -> clockRate == 8000 && mono ? G711Codec.pcma() : null;
      case "G722" -> clockRate == 8000 && mono ? new G722Codec() : null;
      case "L16" ->
          clockRate > 0 && (mono || channels == 2) ? new L16Codec(clockRate, channels) : null;
      case "OPUS" -> clockRate == 48000 && channels == 2 ? new OpusCodec(opus) : null;
      default -> null;
    };
  }
}
