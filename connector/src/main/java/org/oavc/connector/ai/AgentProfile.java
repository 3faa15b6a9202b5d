package org.oavc.connector.ai;

import java.util.List;
import org.oavc.connector.ai.tools.ToolSpec;

/**
 * How the agent behaves on one call: the flavor and the settings handed to it. Built from the
 * config file's defaults and rules, or from the bot-config URL's answer for that call.
 *
 * @param greeting said first when the back end does not greet by itself; null for none
 * @param tools every tool offered to the model, built-ins included
 */
public record AgentProfile(
    String flavor,
    String instructions,
    String voice,
    String language,
    String greeting,
    List<ToolSpec> tools) {}
