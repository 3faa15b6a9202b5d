package org.oavc.connector.media.rtp;

/**
 * One frame handed out by {@link JitterBuffer#poll}: a caller-owned, reusable holder. The buffer
 * swaps its payload array with the slot it plays, so playing a packet copies nothing.
 */
public final class JitterFrame {
  byte[] payload;
  int length;
  int payloadType;
  int sequenceNumber;
  int timestamp;
  boolean marker;

  public JitterFrame(int capacity) {
    payload = new byte[capacity];
  }

  public byte[] payload() {
    return payload;
  }

  /** Payload bytes at offset 0 of {@link #payload()}; 0 for a concealed or silent frame. */
  public int length() {
    return length;
  }

  public int payloadType() {
    return payloadType;
  }

  /** RTP sequence number (0..65535) of the frame played or concealed. */
  public int sequenceNumber() {
    return sequenceNumber;
  }

  public int timestamp() {
    return timestamp;
  }

  public boolean marker() {
    return marker;
  }

  /** Copies the header fields; the payload bytes are copied by the caller. */
  void copyHeaderFrom(JitterFrame other) {
    length = other.length;
    payloadType = other.payloadType;
    sequenceNumber = other.sequenceNumber;
    timestamp = other.timestamp;
    marker = other.marker;
  }
}
