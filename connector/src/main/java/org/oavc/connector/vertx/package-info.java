/**
 * The one adapter to Vert.x beyond its public API ({@link
 * org.oavc.connector.vertx.VertxInternals}).
 */
package org.oavc.connector.vertx;
