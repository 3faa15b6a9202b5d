package org.oavc.connector.report.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOutboxTest {
  @TempDir Path dir;

  @Test
  void reportsSurviveANewOutboxInTheirOrderUntilDeletedOrRejected() throws Exception {
    Path box = dir.resolve("outbox");
    ReportOutbox first = new ReportOutbox(box);
    assertThat(first.load()).isEmpty();
    URI url = URI.create("http://127.0.0.1:9/r");
    List<ReportOutbox.Entry> put =
        List.of(
            first.put(url, new JsonObject().put("id", "a")),
            first.put(url, new JsonObject().put("id", "b")),
            first.put(url, new JsonObject().put("id", "c")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(box)))
        .isEqualTo("rwx------");

    List<ReportOutbox.Entry> again = new ReportOutbox(box).load(); // as after a restart
    assertThat(again).extracting(e -> e.report().getString("id")).containsExactly("a", "b", "c");
    assertThat(again.get(0).url()).isEqualTo(url);
    first.delete(put.get(0));
    first.reject(put.get(1));
    assertThat(new ReportOutbox(box).load())
        .extracting(e -> e.report().getString("id"))
        .containsExactly("c");
    assertThat(Files.list(box.resolve("rejected"))).hasSize(1);
  }

  @Test
  void anUnreadableFileIsSetAsideNotSentNorFatal() throws Exception {
    Path box = dir.resolve("outbox");
    ReportOutbox o = new ReportOutbox(box);
    o.load();
    Files.writeString(box.resolve("0000000000001-000000001.json"), "{not json");
    Files.writeString(box.resolve("0000000000002-000000001.json"), "{\"report\":{}}"); // no url
    o.put(URI.create("https://example.com/r"), new JsonObject().put("id", "ok"));
    assertThat(new ReportOutbox(box).load())
        .extracting(e -> e.report().getString("id"))
        .containsExactly("ok");
    assertThat(Files.list(box.resolve("rejected"))).hasSize(2);
  }
}
