package org.oavc.connector.call;

import io.vertx.core.Vertx;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ClusterOptions;
import org.oavc.connector.media.MediaSessionFactory;
import org.oavc.connector.media.port.PortPool;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.sdp.SdpAnswerer;

/** What the call handlers share: the peers they drive and the state they keep. */
record CallServices(
    Vertx vertx,
    MiClient mi,
    PortPool ports,
    MediaSessionFactory media,
    SdpAnswerer sdp,
    CallRegistry registry,
    CallPolicy policy,
    CallMetrics metrics,
    CallAgent agent,
    CallClustering clustering) {

  CallOwnership ownership() {
    return clustering.ownership();
  }

  CallRecords records() {
    return clustering.records();
  }

  ClusterOptions cluster() {
    return clustering.options();
  }
}
