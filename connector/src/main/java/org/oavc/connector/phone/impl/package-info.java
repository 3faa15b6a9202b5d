/** The phone page's routes and its transcript feed. */
package org.oavc.connector.phone.impl;
