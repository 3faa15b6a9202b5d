/**
 * The per-call media engine. {@link org.oavc.connector.media.session.RtpSessions#factory} opens
 * {@link org.oavc.connector.media.MediaSession}s: RTP on the call's port with symmetric latching,
 * an adaptive jitter buffer, decoding and resampling to the rate the AI side asks for ({@link
 * org.oavc.connector.media.session.AudioSink}), RFC 4733 DTMF both ways, RTCP SR/RR/BYE and
 * per-call {@link org.oavc.connector.media.session.MediaQuality}. Every session's outgoing stream
 * is paced by one shared {@link org.oavc.connector.media.session.MediaClock} thread on an absolute
 * schedule; the work of each frame runs on the session's own event loop.
 */
package org.oavc.connector.media.session;
