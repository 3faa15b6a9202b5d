package org.oavc.connector.media.rtcp;

import java.util.List;

/** The 5-bit count field caps every RTCP list (report blocks, chunks, BYE sources) at 31. */
final class RtcpLimits {
  static final int MAX_COUNT = 31;

  private RtcpLimits() {}

  static <T> List<T> countable(List<T> items, String what) {
    List<T> copy = List.copyOf(items);
    if (copy.size() > MAX_COUNT) {
      throw new IllegalArgumentException("at most 31 " + what + " per packet");
    }
    return copy;
  }
}
