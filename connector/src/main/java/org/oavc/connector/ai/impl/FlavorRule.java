package org.oavc.connector.ai.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.oavc.common.settings.ConfigException;
import org.oavc.connector.ai.AiCallInfo;

/**
 * One AI_FLAVOR_RULES entry, {@code FIELD:REGEX=FLAVOR}: FIELD is {@code to}, {@code from} or
 * {@code header/NAME}; the regex is searched for (use ^ and $ to anchor) in the field's value.
 */
public record FlavorRule(String field, String headerName, Pattern pattern, String flavor) {

  /** The flavor when this rule matches the call, else null. */
  public String match(AiCallInfo info) {
    String value =
        switch (field) {
          case "to" -> info.toUser();
          case "from" -> info.fromUser();
          default -> info.header(headerName);
        };
    return value != null && pattern.matcher(value).find() ? flavor : null;
  }

  /** Parses the ';'-separated list; an invalid rule fails with a message naming it. */
  public static List<FlavorRule> parseAll(String rules) {
    List<FlavorRule> out = new ArrayList<>();
    for (String raw : rules.split(";")) {
      String rule = raw.trim();
      if (!rule.isEmpty()) {
        out.add(parse(rule));
      }
    }
    return List.copyOf(out);
  }

  public static FlavorRule parse(String rule) {
    int colon = rule.indexOf(':');
    int eq = rule.lastIndexOf('=');
    if (colon <= 0 || eq <= colon) {
      throw invalid(rule, "expected FIELD:REGEX=FLAVOR");
    }
    String field = rule.substring(0, colon).trim();
    String regex = rule.substring(colon + 1, eq);
    String flavor = rule.substring(eq + 1).trim();
    String header = null;
    if (field.regionMatches(true, 0, "header/", 0, 7)) {
      header = field.substring(7).trim();
      if (header.isEmpty()) {
        throw invalid(rule, "header/ needs a header name");
      }
      field = "header";
    } else {
      field = field.toLowerCase();
      if (!field.equals("to") && !field.equals("from")) {
        throw invalid(rule, "FIELD must be to, from or header/NAME, not '" + field + "'");
      }
    }
    if (flavor.isEmpty() || !flavor.matches("[A-Za-z0-9_-]+")) {
      throw invalid(rule, "FLAVOR '" + flavor + "' is not a flavor name");
    }
    try {
      return new FlavorRule(field, header, Pattern.compile(regex), flavor);
    } catch (PatternSyntaxException e) {
      throw invalid(rule, "bad regex: " + e.getDescription());
    }
  }

  private static ConfigException invalid(String rule, String why) {
    return new ConfigException("setting AI_FLAVOR_RULES: rule '" + rule + "' is invalid: " + why);
  }
}
