package org.oavc.connector;

/** The MANAGEMENT_TOKEN every daemon a test starts is given, so the test can call its API. */
public final class TestApiToken {
  public static final String MANAGEMENT = "test-management-token-0123456789";

  private TestApiToken() {}

  /** The Authorization header value that goes with {@link #MANAGEMENT}. */
  public static String bearer() {
    return "Bearer " + MANAGEMENT;
  }
}
