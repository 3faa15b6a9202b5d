package org.oavc.connector.testdouble;

/** An MI error reply: {"code":C,"message":M[,"data":D]} exactly as OpenSIPS words them. */
final class MiError extends Exception {
  final int code;
  final String data;

  MiError(int code, String message) {
    this(code, message, null);
  }

  MiError(int code, String message, String data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  static MiError invalidParams(String data) {
    return new MiError(-32602, "Invalid params", data);
  }

  static MiError badParameterValue() {
    return new MiError(400, "Bad parameter value");
  }
}
