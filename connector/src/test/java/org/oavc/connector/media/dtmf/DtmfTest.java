package org.oavc.connector.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DtmfTest {
  private final List<DtmfDigit> digits = new ArrayList<>();
  private final DtmfReceiver receiver = new DtmfReceiver(8000, digits::add);

  private void feed(List<DtmfPacket> packets) {
    for (DtmfPacket p : packets) {
      receiver.onPacket(p.timestamp(), p.payload(), 0, p.payload().length);
    }
  }

  @Test
  void payloadRoundTripsForEveryEventAndMatchesTheWireLayout() {
    byte[] buf = new byte[4];
    for (int event = 0; event < 256; event++) {
      TelephoneEvent e = new TelephoneEvent(event, event % 2 == 0, event % 64, event * 200);
      e.write(buf, 0);
      assertThat(TelephoneEvent.parse(buf, 0, 4)).isEqualTo(e);
    }
    new TelephoneEvent(11, true, 10, 800).write(buf, 0);
    assertThat(buf).containsExactly(11, 0x8A, 0x03, 0x20);
    buf[1] |= 0x40; // reserved bit set by a sloppy sender: ignored
    assertThat(TelephoneEvent.parse(buf, 0, 4).volume()).isEqualTo(10);
    assertThat(TelephoneEvent.digitOf(11)).isEqualTo('#');
    assertThat(TelephoneEvent.digitOf(16)).isEqualTo((char) 0);
    assertThat(TelephoneEvent.eventOf('d')).isEqualTo(15);
    assertThat(TelephoneEvent.eventOf('x')).isEqualTo(-1);
    assertThatThrownBy(() -> TelephoneEvent.parse(buf, 0, 3))
        .isInstanceOf(MalformedDtmfException.class);
    assertThatThrownBy(() -> new TelephoneEvent(1, false, 64, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void senderProducesStartUpdatesAndThreeEndsWithOneTimestamp() {
    List<DtmfPacket> packets = new DtmfSender(8000, 20, 10).packets('5', 100, 12345);
    assertThat(packets)
        .extracting(DtmfPacket::duration)
        .containsExactly(160, 320, 480, 640, 800, 800, 800);
    assertThat(packets)
        .extracting(DtmfPacket::end)
        .containsExactly(false, false, false, false, true, true, true);
    assertThat(packets)
        .extracting(DtmfPacket::marker)
        .containsExactly(true, false, false, false, false, false, false);
    assertThat(packets).extracting(DtmfPacket::timestamp).containsOnly(12345);
    assertThat(TelephoneEvent.parse(packets.get(0).payload(), 0, 4).event()).isEqualTo(5);
    assertThatThrownBy(() -> new DtmfSender(8000, 20, 10).packets('x', 100, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DtmfSender(48000, 20, 10).packets('1', 2000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void receiverReportsEachDigitOnceWithItsDuration() {
    DtmfSender sender = new DtmfSender(8000, 20, 10);
    feed(sender.packets('1', 100, 1000));
    feed(sender.packets('#', 60, 5000));
    feed(sender.packets('#', 240, -160)); // same digit again, timestamp wraps around zero
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('1', '#', '#');
    assertThat(digits.get(0).durationMillis()).isEqualTo(100);
    assertThat(digits.get(0).durationTimestamps()).isEqualTo(800);
    assertThat(digits.get(0).endSeen()).isTrue();
    assertThat(digits.get(2).durationMillis()).isEqualTo(240);
    assertThat(digits.get(1).volume()).isEqualTo(10);
  }

  @Test
  void lostEndPacketsStillYieldOneDigit() {
    DtmfSender sender = new DtmfSender(8000, 20, 10);
    List<DtmfPacket> first = sender.packets('7', 120, 800);
    feed(first.subList(0, first.size() - 3)); // all three ends lost
    assertThat(digits).isEmpty();
    feed(sender.packets('8', 80, 4000));
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('7', '8');
    assertThat(digits.get(0).endSeen()).isFalse();
    assertThat(digits.get(0).durationTimestamps()).isEqualTo(800); // the last update seen
    List<DtmfPacket> third = sender.packets('9', 80, 9000);
    feed(third.subList(0, 2));
    receiver.flush();
    receiver.flush();
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('7', '8', '9');
  }

  @Test
  void reorderedAndDuplicatedPacketsDoNotDoubleCount() {
    List<DtmfPacket> packets = new ArrayList<>(new DtmfSender(8000, 20, 10).packets('A', 100, 700));
    java.util.Collections.swap(packets, 1, 2);
    packets.add(packets.get(3)); // a stray update after the end
    feed(packets);
    feed(packets.subList(4, 7));
    assertThat(digits).hasSize(1);
    assertThat(digits.get(0).digit()).isEqualTo('A');
    assertThat(digits.get(0).durationTimestamps()).isEqualTo(800);
  }

  @Test
  void malformedAndRandomPayloadsNeverThrow() {
    receiver.onPacket(1, new byte[2], 0, 2);
    assertThat(receiver.malformed()).isEqualTo(1);
    Random random = new Random(4733);
    for (int i = 0; i < 5000; i++) {
      byte[] junk = new byte[random.nextInt(9)];
      random.nextBytes(junk);
      receiver.onPacket(random.nextInt(4), junk, 0, junk.length);
    }
    receiver.flush();
    assertThat(digits).allSatisfy(d -> assertThat(d.durationTimestamps()).isBetween(0, 65535));
    assertThat(receiver.malformed()).isGreaterThan(1);
  }
}
