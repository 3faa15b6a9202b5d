package org.oavc.connector.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.cluster.ReplicatedTurn;

/**
 * Changes to one call's record made where it lives, so concurrent writers (the call layer, the AI
 * side) never overwrite each other's fields. A missing record (the call ended) stays missing.
 */
final class CallRecordProcessors {
  private CallRecordProcessors() {}

  static final class AppendTurn implements EntryProcessor<String, ReplicatedCall, Boolean> {
    private static final long serialVersionUID = 1L;
    private final ReplicatedTurn turn;

    AppendTurn(ReplicatedTurn turn) {
      this.turn = turn;
    }

    @Override
    public Boolean process(Map.Entry<String, ReplicatedCall> entry) {
      ReplicatedCall c = entry.getValue();
      if (c != null) {
        entry.setValue(c.withTurn(turn));
      }
      return c != null;
    }
  }

  static final class SetFlavor implements EntryProcessor<String, ReplicatedCall, Boolean> {
    private static final long serialVersionUID = 1L;
    private final String flavor;

    SetFlavor(String flavor) {
      this.flavor = flavor;
    }

    @Override
    public Boolean process(Map.Entry<String, ReplicatedCall> entry) {
      ReplicatedCall c = entry.getValue();
      if (c != null) {
        entry.setValue(c.withFlavor(flavor));
      }
      return c != null;
    }
  }

  static final class SetMedia implements EntryProcessor<String, ReplicatedCall, Boolean> {
    private static final long serialVersionUID = 1L;
    private final ReplicatedCall renegotiated;

    SetMedia(ReplicatedCall renegotiated) {
      this.renegotiated = renegotiated;
    }

    @Override
    public Boolean process(Map.Entry<String, ReplicatedCall> entry) {
      ReplicatedCall c = entry.getValue();
      if (c != null) {
        entry.setValue(c.withMediaOf(renegotiated));
      }
      return c != null;
    }
  }

  static final class SetRecorded implements EntryProcessor<String, ReplicatedCall, Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, ReplicatedCall> entry) {
      ReplicatedCall c = entry.getValue();
      if (c != null && !c.recorded()) {
        entry.setValue(c.withRecorded());
      }
      return c != null;
    }
  }
}
