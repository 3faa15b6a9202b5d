/**
 * RTP building blocks without sockets: {@link org.oavc.connector.media.rtp.RtpPacket} (parse and
 * build, RFC 3550), {@link org.oavc.connector.media.rtp.JitterBuffer} (adaptive playout), {@link
 * org.oavc.connector.media.rtp.RtpSourceLatch} (symmetric RTP) and {@link
 * org.oavc.connector.media.rtp.InterarrivalJitter}. Hot-path methods do not allocate.
 */
package org.oavc.connector.media.rtp;
