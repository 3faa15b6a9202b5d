/** RTP/RTCP port booking: {@link org.oavc.connector.media.port.PortPool} and its local form. */
package org.oavc.connector.media.port;
