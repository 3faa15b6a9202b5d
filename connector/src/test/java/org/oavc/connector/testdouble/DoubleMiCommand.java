package org.oavc.connector.testdouble;

/** One MI command: params as parsed (JsonObject, JsonArray or null), result as JSON text. */
@FunctionalInterface
interface DoubleMiCommand {
  String run(Object params) throws MiError;
}
