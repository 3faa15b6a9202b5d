/**
 * The echo flavor: the caller hears themselves after ECHO_DELAY_MS, at the codec's own rate, and
 * bursts that come back on a looping line give the call's RTP round trip (GET /calls/{key} "ai"
 * stats, oavc_ai_echo_rtt_seconds). Line tests and benchmarks; no AI service involved.
 */
package org.oavc.connector.ai.echo;
