package org.oavc.connector.firewall;

import java.util.ArrayList;
import java.util.List;
import org.oavc.connector.config.ConfigException;
import org.oavc.connector.config.Settings;

/**
 * The one port model every firewall backend is rendered from: which ports OAVC-J listens on,
 * who may reach them, and the trusted networks. Built from the same {@link Settings} the daemon
 * reads, so the firewall cannot drift from the running configuration.
 */
public record PortModel(List<ServicePort> ports, List<Cidr> internalCidrs) {

  public PortModel {
    ports = List.copyOf(ports);
    internalCidrs = List.copyOf(internalCidrs);
  }

  public static PortModel from(Settings s) {
    List<ServicePort> ports = new ArrayList<>();
    single(ports, s, "OpenSIPS SIP", "OS_SIP_PORT", Transport.UDP, Exposure.PUBLIC);
    int rtpMin = s.integer("RTP_MIN_PORT", 1024, 65535);
    int rtpMax = s.integer("RTP_MAX_PORT", 1024, 65535);
    if (rtpMax < rtpMin) {
      throw new ConfigException("RTP_MAX_PORT=" + rtpMax + " is below RTP_MIN_PORT=" + rtpMin);
    }
    ports.add(new ServicePort("RTP media", "RTP_MIN_PORT..RTP_MAX_PORT", Transport.UDP, rtpMin, rtpMax,
        Exposure.PUBLIC));
    single(ports, s, "OpenSIPS MI", "MI_PORT", Transport.UDP, Exposure.INTERNAL);
    single(ports, s, "OpenSIPS events", "EVENT_PORT", Transport.UDP, Exposure.INTERNAL);
    single(ports, s, "AI speech-to-speech", "AI_SERVICE_PORT", Transport.TCP, Exposure.INTERNAL);
    single(ports, s, "AI speech-to-text", "STT_SERVICE_PORT", Transport.TCP, Exposure.INTERNAL);
    single(ports, s, "AI text-to-speech", "TTS_SERVICE_PORT", Transport.TCP, Exposure.INTERNAL);
    single(ports, s, "management HTTP", "HTTP_PORT", Transport.TCP, Exposure.INTERNAL);
    single(ports, s, "xdp-agent HTTP", "XDP_HTTP_PORT", Transport.TCP, Exposure.INTERNAL);
    single(ports, s, "xdp-agent pike events", "XDP_PIKE_EVENT_PORT", Transport.UDP,
        Exposure.INTERNAL);
    rejectOverlaps(ports);

    List<Cidr> cidrs = new ArrayList<>();
    for (String part : s.string("INTERNAL_CIDRS", "").split(",")) {
      if (!part.isBlank()) {
        cidrs.add(Cidr.parse(part));
      }
    }
    return new PortModel(ports, cidrs);
  }

  public List<Cidr> internalCidrs(boolean ipv6) {
    return internalCidrs.stream().filter(c -> c.ipv6() == ipv6).toList();
  }

  public List<ServicePort> ports(Exposure exposure) {
    return ports.stream().filter(p -> p.exposure() == exposure).toList();
  }

  private static void single(
      List<ServicePort> out, Settings s, String name, String key, Transport t, Exposure e) {
    int port = s.port(key);
    if (port == 0) {
      // 0 means "any free port": nothing fixed to open or close.
      throw new ConfigException(key + "=0 (ephemeral) cannot be firewalled: give it a fixed port");
    }
    out.add(new ServicePort(name, key, t, port, port, e));
  }

  private static void rejectOverlaps(List<ServicePort> ports) {
    for (int i = 0; i < ports.size(); i++) {
      for (int j = i + 1; j < ports.size(); j++) {
        ServicePort a = ports.get(i);
        ServicePort b = ports.get(j);
        if (a.transport() == b.transport()
            && a.fromPort() <= b.toPort() && b.fromPort() <= a.toPort()) {
          throw new ConfigException(a.settingKey() + " and " + b.settingKey() + " overlap on "
              + a.transport().keyword() + " " + Math.max(a.fromPort(), b.fromPort())
              + ": one port cannot be both " + a.exposure() + " and " + b.exposure());
        }
      }
    }
  }
}
