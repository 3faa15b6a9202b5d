/**
 * The AI side of a call, its public types: what a flavor implements ({@link
 * org.oavc.connector.ai.AiSession}, {@link org.oavc.connector.ai.AiSessionFactory}), what it may
 * ask of the call ({@link org.oavc.connector.ai.AiCall}: play audio, stop playback, tools such as
 * hang-up and transfer, transcript turns), what it is told about the call ({@link
 * org.oavc.connector.ai.AiCallInfo}, {@link org.oavc.connector.ai.AgentProfile}), its options and
 * metrics. The flavors live in {@code realtime/}, {@code pipeline/} and {@code echo/}; the wiring
 * per call (the bridge between media and session, profiles, fallbacks, the apology) in {@code
 * impl/}.
 */
package org.oavc.connector.ai;
