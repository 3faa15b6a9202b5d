/**
 * RTCP (RFC 3550 section 6): SR, RR, SDES (CNAME) and BYE records, {@link
 * org.oavc.connector.media.rtcp.RtcpParser} for compound packets, {@link
 * org.oavc.connector.media.rtcp.RtcpWriter}, NTP time and RTT in {@link
 * org.oavc.connector.media.rtcp.NtpTime}, and the per-stream statistics that fill report blocks.
 */
package org.oavc.connector.media.rtcp;
