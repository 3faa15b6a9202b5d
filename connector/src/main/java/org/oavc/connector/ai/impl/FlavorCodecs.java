package org.oavc.connector.ai.impl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.sdp.SdpAnswerer;

/**
 * Codec preferences per AI flavor ({@code <FLAVOR>_CODECS}, e.g. REALTIME_CODECS=PCMU,PCMA for a
 * back end that takes G.711 natively, or PIPELINE_CODECS=G722,PCMU for 16 kHz speech recognition).
 * A flavor without its own list answers with SDP_CODECS. Checked at start-up.
 */
public final class FlavorCodecs {
  private static final String SUFFIX = "_CODECS";

  /** SDP_CODECS is the global list (OavcConfig), not a flavor's. */
  private static final String GLOBAL = "SDP";

  private final Map<String, List<String>> byFlavor;

  private FlavorCodecs(Map<String, List<String>> byFlavor) {
    this.byFlavor = Map.copyOf(byFlavor);
  }

  /** None configured: every flavor answers with SDP_CODECS. */
  public static FlavorCodecs none() {
    return new FlavorCodecs(Map.of());
  }

  /** Every non-empty {@code <FLAVOR>_CODECS} setting; a bad codec name fails naming its key. */
  public static FlavorCodecs fromSettings(Settings s) {
    Map<String, List<String>> lists = new TreeMap<>();
    for (Map.Entry<String, String> e : s.family(SUFFIX).entrySet()) {
      if (e.getKey().equals(GLOBAL) || e.getValue().isBlank()) {
        continue;
      }
      try {
        lists.put(
            e.getKey().toLowerCase(Locale.ROOT),
            SdpAnswerer.codecPreferences(Arrays.asList(e.getValue().split(","))));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(
            "setting " + e.getKey() + SUFFIX + "=" + e.getValue() + ": " + ex.getMessage());
      }
    }
    return new FlavorCodecs(lists);
  }

  /** The flavor's own list, or empty when it answers with SDP_CODECS. */
  public List<String> forFlavor(String flavor) {
    return flavor == null
        ? List.of()
        : byFlavor.getOrDefault(flavor.toLowerCase(Locale.ROOT), List.of());
  }
}
