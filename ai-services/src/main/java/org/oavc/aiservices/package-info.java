/** Local, offline AI services speaking the connector's protocols (lands with the AI issue). */
package org.oavc.aiservices;
