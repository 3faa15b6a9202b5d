/**
 * The AI side's implementation: {@link org.oavc.connector.ai.impl.AiCallAgent} (the call layer's
 * agent: one {@link org.oavc.connector.ai.impl.AiBridge} per answered call), the profile resolver
 * (rules, bot config), flavor registry and fallbacks, the agent's playout and transcript.
 */
package org.oavc.connector.ai.impl;
