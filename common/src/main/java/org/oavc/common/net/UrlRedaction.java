package org.oavc.common.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * URLs as logs and error messages may show them. A key can ride in a URL's user-info ({@code
 * user:secret@host}) or its query ({@code ?api_key=...}), so both are left out; scheme, host, port
 * and path stay, which is what an operator needs to tell which back end failed.
 */
public final class UrlRedaction {
  private static final String HIDDEN = "(redacted)";

  /** A query string inside free text: from '?' up to white space or a closing quote/bracket. */
  private static final Pattern QUERY_IN_TEXT = Pattern.compile("\\?[^\\s\"'<>)\\]]+");

  private static final Pattern USER_INFO_IN_TEXT = Pattern.compile("(://)[^/\\s@]+@");

  private UrlRedaction() {}

  /** {@code url} without user-info, query and fragment. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    try {
      return redact(new URI(url));
    } catch (URISyntaxException e) {
      return scrub(url); // not a URI: cut what looks like a query or user-info all the same
    }
  }

  public static String redact(URI uri) {
    if (uri.getHost() == null) {
      return scrub(uri.toString());
    }
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append("://");
    }
    out.append(uri.getHost()); // an IPv6 literal keeps its brackets
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      out.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      out.append('?').append(HIDDEN);
    }
    return out.toString();
  }

  /**
   * Text that may quote a URL, such as an HTTP client's exception message: every query string and
   * user-info in it is replaced.
   */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String noQuery = QUERY_IN_TEXT.matcher(text).replaceAll("?" + HIDDEN);
    return USER_INFO_IN_TEXT.matcher(noQuery).replaceAll("$1" + HIDDEN + "@");
  }
}
