package org.oavc.connector.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippRunner;

/**
 * What every end-to-end test shares: SIPp must be installed, the OpenSIPS target (the double, or a
 * real OpenSIPS through OPENSIPS_MI/OPENSIPS_SIP) is opened before each test, and the daemon (when
 * a test started one) and the target are closed after it.
 */
abstract class SippE2eTestBase {
  protected OpenSipsTarget target;
  protected ConnectorUnderTest connector;

  @BeforeEach
  void openTarget() {
    assumeTrue(SippRunner.isAvailable(), "sipp (Debian sip-tester) is not installed");
    target = OpenSipsTarget.fromEnvironment();
  }

  @AfterEach
  void closeConnectorAndTarget() throws Exception {
    try {
      if (connector != null) {
        connector.close();
      }
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }

  /** Starts the real daemon against the target with these settings over the test defaults. */
  protected ConnectorUnderTest startConnector(Map<String, String> overrides) throws Exception {
    connector = ConnectorUnderTest.start(target, overrides);
    return connector;
  }
}
