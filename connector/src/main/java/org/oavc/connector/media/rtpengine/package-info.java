/**
 * rtpengine's ng control protocol: a client ({@link
 * org.oavc.connector.media.rtpengine.RtpEngineClient}) and the bridge that uses it to put WebRTC
 * callers (DTLS-SRTP, ICE) in front of our plain RTP ({@link
 * org.oavc.connector.media.rtpengine.RtpEngineBridge}).
 *
 * <p>ng is bencode over UDP: each request is {@code <cookie> <dictionary>} and its reply {@code
 * <cookie> <dictionary>}. rtpengine caches replies by cookie, so a retransmission with the same
 * cookie is answered again, never executed twice. Instances share no call state: once an {@code
 * offer} succeeded on one, every later command of that call goes to the same one.
 *
 * <p>Metrics: {@code oavc_rtpengine_requests_total{command,outcome}}, {@code
 * oavc_rtpengine_ignored_replies_total{reason}}, {@code oavc_rtpengine_failovers_total}, {@code
 * oavc_webrtc_offers_total{outcome}}.
 */
package org.oavc.connector.media.rtpengine;
