package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.SippResult;

/**
 * A daemon with CLUSTER_MEMBERS set runs its Hazelcast member and takes each call's RTP ports from
 * the cluster-wide leases; a call through it is answered and its lease released.
 */
class ClusteredDaemonE2eTest extends SippE2eTestBase {

  @Test
  void aClusteredDaemonAnswersWithAClusterLeaseAndReleasesIt() throws Exception {
    startConnector(
        Map.of("CLUSTER_MEMBERS", "127.0.0.1:5791", "CLUSTER_PORT", "5791", "NODE_ID", "node-a"));
    assertThat(connector.daemon.cluster()).isNotNull();
    assertThat(connector.daemon.cluster().nodeId()).isEqualTo("node-a");

    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.CALLER_BYE);
    connector.awaitNoPortInUse();
    assertThat(connector.daemon.cluster().hazelcast().getMap("oavc-rtp-leases").size()).isZero();
  }
}
