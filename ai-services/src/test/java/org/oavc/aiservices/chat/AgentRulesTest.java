package org.oavc.aiservices.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRulesTest {

  private static JsonArray said(String text) {
    return new JsonArray()
        .add(
            new JsonObject()
                .put("role", "user")
                .put(
                    "content",
                    new JsonArray().add(new JsonObject().put("type", "text").put("text", text))));
  }

  @Test
  void aScriptFileReplacesTheBuiltInOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.json");
    Files.writeString(
        file,
        "{\"greeting\": \"Pizza shop.\", \"fallback\": \"Sorry, {heard}?\", \"rules\": ["
            + "{\"keywords\": [\"pepperoni\"], \"reply\": \"One pepperoni at {time}.\"},"
            + "{\"keywords\": [\"cancel\"], \"reply\": \"Bye.\", \"tool\": {\"name\": \"hang_up\"}}]}");
    RuleAgent agent = new RuleAgent(AgentRules.load(file), () -> LocalTime.of(13, 5));
    assertThat(agent.reply(new JsonArray(), null).content()).isEqualTo("Pizza shop.");
    assertThat(agent.reply(said("a PEPPERONI please"), null).content())
        .isEqualTo("One pepperoni at 1:05 PM.");
    assertThat(agent.reply(said("anchovies"), null).content()).isEqualTo("Sorry, anchovies?");
    JsonArray tools =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("type", "function")
                    .put("function", new JsonObject().put("name", "hang_up")));
    RuleAgent.Reply cancel = agent.reply(said("cancel it"), tools);
    assertThat(cancel.toolName()).isEqualTo("hang_up");
    assertThat(cancel.toolArguments()).isEqualTo(new JsonObject());
  }

  @Test
  void aBrokenScriptIsRefusedWithItsName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"rules\": [{\"reply\": \"no keywords\"}]}");
    assertThatThrownBy(() -> AgentRules.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broken.json")
        .hasMessageContaining("rule 0");
    Files.writeString(file, "not json");
    assertThatThrownBy(() -> AgentRules.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broken.json");
  }
}
