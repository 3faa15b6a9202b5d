package org.oavc.connector.media.rtp;

/**
 * An RTP packet (RFC 3550 section 5.1), mutable and reusable so the per-packet path allocates
 * nothing: {@link #parse} fills it as a view over the received buffer (the payload and header
 * extension are not copied), and the setters plus {@link #write} build outgoing packets.
 *
 * <p>Parsing never throws for bad input; it returns an {@link RtpValidation} naming the defect.
 * Timestamp and SSRC are unsigned 32-bit values held in {@code int}s: compare them with {@link
 * Integer#compareUnsigned} or by wrapping subtraction.
 */
public final class RtpPacket {
  public static final int HEADER_SIZE = 12;
  public static final int MAX_CSRC = 15;

  private boolean marker;
  private int payloadType;
  private int sequenceNumber;
  private int timestamp;
  private int ssrc;
  private int csrcCount;
  private final int[] csrcs = new int[MAX_CSRC];
  private boolean extension;
  private int extensionProfile;
  private byte[] extensionBuffer;
  private int extensionOffset;
  private int extensionLength;
  private byte[] payloadBuffer = new byte[0];
  private int payloadOffset;
  private int payloadLength;
  private int paddingLength;

  /**
   * Parses {@code len} bytes at {@code off}. On anything but {@link RtpValidation#VALID} the packet
   * contents are unspecified.
   */
  public RtpValidation parse(byte[] buf, int off, int len) {
    if (len < HEADER_SIZE) {
      return RtpValidation.TOO_SHORT;
    }
    int b0 = buf[off] & 0xFF;
    int b1 = buf[off + 1] & 0xFF;
    if ((b0 >> 6) != 2) {
      return RtpValidation.BAD_VERSION;
    }
    if (b1 >= 192 && b1 <= 223) {
      return RtpValidation.RTCP;
    }
    marker = (b1 & 0x80) != 0;
    payloadType = b1 & 0x7F;
    sequenceNumber = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    timestamp = readInt(buf, off + 4);
    ssrc = readInt(buf, off + 8);
    csrcCount = b0 & 0x0F;
    int pos = off + HEADER_SIZE;
    int end = off + len;
    if (pos + 4 * csrcCount > end) {
      return RtpValidation.CSRC_OVERFLOW;
    }
    for (int i = 0; i < csrcCount; i++, pos += 4) {
      csrcs[i] = readInt(buf, pos);
    }
    extension = (b0 & 0x10) != 0;
    extensionLength = 0;
    if (extension) {
      if (pos + 4 > end) {
        return RtpValidation.EXTENSION_OVERFLOW;
      }
      extensionProfile = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
      int words = ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
      pos += 4;
      if (pos + 4 * words > end) {
        return RtpValidation.EXTENSION_OVERFLOW;
      }
      extensionBuffer = buf;
      extensionOffset = pos;
      extensionLength = 4 * words;
      pos += extensionLength;
    }
    paddingLength = 0;
    if ((b0 & 0x20) != 0) {
      int count = buf[end - 1] & 0xFF;
      if (count == 0 || count > end - pos) {
        return RtpValidation.BAD_PADDING;
      }
      paddingLength = count;
    }
    payloadBuffer = buf;
    payloadOffset = pos;
    payloadLength = end - pos - paddingLength;
    return RtpValidation.VALID;
  }

  static int readInt(byte[] b, int p) {
    return ((b[p] & 0xFF) << 24)
        | ((b[p + 1] & 0xFF) << 16)
        | ((b[p + 2] & 0xFF) << 8)
        | (b[p + 3] & 0xFF);
  }

  static void writeInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }

  /** Bytes {@link #write} produces. */
  public int size() {
    int ext = extension ? 4 + extensionLength : 0;
    return HEADER_SIZE + 4 * csrcCount + ext + payloadLength + paddingLength;
  }

  /**
   * Serialises the packet at {@code off}; {@code out} needs {@link #size()} bytes.
   *
   * @return bytes written
   */
  public int write(byte[] out, int off) {
    int size = size();
    if (out.length - off < size) {
      throw new IllegalArgumentException("buffer too small for a " + size + "-byte RTP packet");
    }
    out[off] = (byte) (0x80 | (paddingLength > 0 ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcCount);
    out[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    out[off + 2] = (byte) (sequenceNumber >> 8);
    out[off + 3] = (byte) sequenceNumber;
    writeInt(out, off + 4, timestamp);
    writeInt(out, off + 8, ssrc);
    int pos = off + HEADER_SIZE;
    for (int i = 0; i < csrcCount; i++, pos += 4) {
      writeInt(out, pos, csrcs[i]);
    }
    if (extension) {
      out[pos] = (byte) (extensionProfile >> 8);
      out[pos + 1] = (byte) extensionProfile;
      out[pos + 2] = (byte) ((extensionLength / 4) >> 8);
      out[pos + 3] = (byte) (extensionLength / 4);
      System.arraycopy(extensionBuffer, extensionOffset, out, pos + 4, extensionLength);
      pos += 4 + extensionLength;
    }
    System.arraycopy(payloadBuffer, payloadOffset, out, pos, payloadLength);
    pos += payloadLength;
    if (paddingLength > 0) {
      java.util.Arrays.fill(out, pos, pos + paddingLength - 1, (byte) 0);
      out[pos + paddingLength - 1] = (byte) paddingLength;
    }
    return size;
  }

  /** Clears optional parts (CSRCs, extension, padding, marker) before building a new packet. */
  public RtpPacket clear() {
    marker = false;
    csrcCount = 0;
    extension = false;
    extensionLength = 0;
    paddingLength = 0;
    payloadLength = 0;
    return this;
  }

  public boolean marker() {
    return marker;
  }

  public RtpPacket setMarker(boolean marker) {
    this.marker = marker;
    return this;
  }

  public int payloadType() {
    return payloadType;
  }

  public RtpPacket setPayloadType(int payloadType) {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be 0..127");
    }
    this.payloadType = payloadType;
    return this;
  }

  /** Sequence number, 0..65535. */
  public int sequenceNumber() {
    return sequenceNumber;
  }

  public RtpPacket setSequenceNumber(int sequenceNumber) {
    this.sequenceNumber = sequenceNumber & 0xFFFF;
    return this;
  }

  public int timestamp() {
    return timestamp;
  }

  public RtpPacket setTimestamp(int timestamp) {
    this.timestamp = timestamp;
    return this;
  }

  public int ssrc() {
    return ssrc;
  }

  public RtpPacket setSsrc(int ssrc) {
    this.ssrc = ssrc;
    return this;
  }

  public int csrcCount() {
    return csrcCount;
  }

  public int csrc(int index) {
    if (index < 0 || index >= csrcCount) {
      throw new IndexOutOfBoundsException("CSRC " + index + " of " + csrcCount);
    }
    return csrcs[index];
  }

  public RtpPacket setCsrcs(int[] values, int count) {
    if (count < 0 || count > MAX_CSRC) {
      throw new IllegalArgumentException("at most 15 CSRCs");
    }
    System.arraycopy(values, 0, csrcs, 0, count);
    csrcCount = count;
    return this;
  }

  public boolean hasExtension() {
    return extension;
  }

  public int extensionProfile() {
    return extensionProfile;
  }

  public byte[] extensionBuffer() {
    return extensionBuffer;
  }

  public int extensionOffset() {
    return extensionOffset;
  }

  /** Extension data length in bytes (a multiple of 4), excluding the 4-byte extension header. */
  public int extensionLength() {
    return extensionLength;
  }

  /** Sets a header extension; the data is referenced, not copied, until {@link #write}. */
  public RtpPacket setExtension(int profile, byte[] data, int off, int len) {
    if ((len & 3) != 0 || len > 4 * 0xFFFF) {
      throw new IllegalArgumentException("extension data must be whole 32-bit words");
    }
    extension = true;
    extensionProfile = profile & 0xFFFF;
    extensionBuffer = data;
    extensionOffset = off;
    extensionLength = len;
    return this;
  }

  public byte[] payloadBuffer() {
    return payloadBuffer;
  }

  public int payloadOffset() {
    return payloadOffset;
  }

  public int payloadLength() {
    return payloadLength;
  }

  /** Sets the payload; it is referenced, not copied, until {@link #write}. */
  public RtpPacket setPayload(byte[] buf, int off, int len) {
    payloadBuffer = buf;
    payloadOffset = off;
    payloadLength = len;
    return this;
  }

  /** Padding bytes at the end including the count byte; 0 means no padding. */
  public int paddingLength() {
    return paddingLength;
  }

  public RtpPacket setPaddingLength(int paddingLength) {
    if (paddingLength < 0 || paddingLength > 255) {
      throw new IllegalArgumentException("padding must be 0..255 bytes");
    }
    this.paddingLength = paddingLength;
    return this;
  }
}
