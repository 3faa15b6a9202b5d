/**
 * Tools a model may call: the built-ins hang_up, transfer and send_dtmf, which act on the call
 * through {@link org.oavc.connector.ai.tools.CallActions}, and HTTP tools from AI_TOOLS_FILE or the
 * bot config, run by {@link org.oavc.connector.ai.tools.ToolBox}.
 */
package org.oavc.connector.ai.tools;
