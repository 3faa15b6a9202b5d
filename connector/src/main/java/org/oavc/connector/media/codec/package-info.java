/**
 * Audio codecs and resampling for the RTP media path. {@link
 * org.oavc.connector.media.codec.AudioCodecs} creates an {@link
 * org.oavc.connector.media.codec.AudioCodec} per call from the SDP encoding name (PCMU, PCMA, G722,
 * L16, opus); {@link org.oavc.connector.media.codec.Resampler} converts between the codec rate and
 * the rate the AI side asked for. Implementations live in {@code impl}.
 */
package org.oavc.connector.media.codec;
