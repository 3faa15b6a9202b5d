/**
 * SDP for the connector: {@link org.oavc.connector.sdp.SessionDescription} parses RFC 4566 as
 * phones and OpenSIPS send it, {@link org.oavc.connector.sdp.SdpAnswerer} does RFC 3264 offer and
 * answer for one audio stream per call and keeps the call's SDP state in {@link
 * org.oavc.connector.sdp.SdpNegotiation}. CPU only: safe on an event loop.
 */
package org.oavc.connector.sdp;
