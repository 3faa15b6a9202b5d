/**
 * RFC 4733 telephone events: {@link org.oavc.connector.media.dtmf.TelephoneEvent} payloads, a
 * {@link org.oavc.connector.media.dtmf.DtmfReceiver} that yields each key press once and a {@link
 * org.oavc.connector.media.dtmf.DtmfSender} that produces the packets for one.
 */
package org.oavc.connector.media.dtmf;
