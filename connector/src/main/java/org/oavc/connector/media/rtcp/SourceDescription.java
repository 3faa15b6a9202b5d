package org.oavc.connector.media.rtcp;

import java.util.List;

/** An SDES packet (RFC 3550 section 6.5); only CNAME items are kept, others are skipped. */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
  /** One source's description; {@code cname} is null when the chunk had no CNAME item. */
  public record Chunk(int ssrc, String cname) {}

  public SourceDescription {
    chunks = RtcpLimits.countable(chunks, "chunks");
  }

  @Override
  public int packetType() {
    return SDES;
  }
}
