package org.oavc.connector.call;

/** Reason phrases for the status codes the connector sends (RFC 3261 section 21). */
final class SipStatus {
  private SipStatus() {}

  static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 405 -> "Method Not Allowed";
      case 415 -> "Unsupported Media Type";
      case 480 -> "Temporarily Unavailable";
      case 481 -> "Call/Transaction Does Not Exist";
      case 487 -> "Request Terminated";
      case 488 -> "Not Acceptable Here";
      case 491 -> "Request Pending";
      case 500 -> "Server Internal Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> code < 300 ? "OK" : "Error";
    };
  }
}
