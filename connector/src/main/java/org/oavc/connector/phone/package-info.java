/**
 * The browser phone served beside the management API (GET /phone): a page that calls the agent over
 * SIP on WebSocket through OpenSIPS, and the live transcript pushed to it.
 */
package org.oavc.connector.phone;
