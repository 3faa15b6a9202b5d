package org.oavc.connector.ai;

import java.util.List;
import org.oavc.connector.ai.tools.ToolSpec;

/**
 * How the agent behaves on one call: the flavor and the settings handed to it. Built from the
 * config file's defaults and rules, or from the bot-config URL's answer for that call.
 *
 * @param greeting said first when the back end does not greet by itself; null for none
 * @param tools every tool offered to the model, built-ins included
 * @param record whether the bot config asked for the call to be recorded (the settings and the
 *     call's request may record it anyway)
 */
public record AgentProfile(
    String flavor,
    String instructions,
    String voice,
    String language,
    String greeting,
    List<ToolSpec> tools,
    boolean record) {

  /** A profile that asks for no recording of its own. */
  public AgentProfile(
      String flavor,
      String instructions,
      String voice,
      String language,
      String greeting,
      List<ToolSpec> tools) {
    this(flavor, instructions, voice, language, greeting, tools, false);
  }
}
