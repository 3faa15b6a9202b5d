package org.oavc.connector.firewall;

import java.util.ArrayList;
import java.util.List;
import org.oavc.aiservices.AiServicesOptions;
import org.oavc.common.net.Cidr;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.config.OavcConfig;

/**
 * The one port model every firewall backend is rendered from: which ports OAVC-J listens on, who
 * may reach them, and the trusted networks. Built from the same {@link Settings} the daemon reads,
 * so the firewall cannot drift from the running configuration.
 */
public record PortModel(List<ServicePort> ports, List<Cidr> internalCidrs) {

  public PortModel {
    ports = List.copyOf(ports);
    internalCidrs = List.copyOf(internalCidrs);
  }

  /**
   * The daemon's own ports as {@link OavcConfig} and {@link AiServicesOptions} read them (with
   * CLUSTER_PORT once CLUSTER_MEMBERS is set), the xdp-agent's (XDP_HTTP_PORT, XDP_PIKE_EVENT_PORT)
   * and INTERNAL_CIDRS.
   */
  public static PortModel fromSettings(Settings s) {
    OavcConfig c = new OavcConfig(s);
    AiServicesOptions ai = AiServicesOptions.fromSettings(s);
    List<ServicePort> ports = new ArrayList<>();
    fixed(ports, "OpenSIPS SIP", "OS_SIP_PORT", c.osSipPort, Transport.UDP, Exposure.PUBLIC);
    ports.add(
        new ServicePort(
            "RTP media",
            "RTP_MIN_PORT..RTP_MAX_PORT",
            Transport.UDP,
            c.rtpMinPort,
            c.rtpMaxPort,
            Exposure.PUBLIC));
    webRtc(ports, s, c);
    fixed(ports, "OpenSIPS MI", "MI_PORT", c.miPort, Transport.UDP, Exposure.INTERNAL);
    fixed(ports, "OpenSIPS events", "EVENT_PORT", c.eventPort, Transport.UDP, Exposure.INTERNAL);
    fixed(
        ports,
        "AI speech-to-speech",
        "AI_SERVICE_PORT",
        ai.getAiPort(),
        Transport.TCP,
        Exposure.INTERNAL);
    fixed(
        ports,
        "AI speech-to-text",
        "STT_SERVICE_PORT",
        ai.getSttPort(),
        Transport.TCP,
        Exposure.INTERNAL);
    fixed(
        ports,
        "AI text-to-speech",
        "TTS_SERVICE_PORT",
        ai.getTtsPort(),
        Transport.TCP,
        Exposure.INTERNAL);
    fixed(ports, "management HTTP", "HTTP_PORT", c.httpPort, Transport.TCP, Exposure.INTERNAL);
    fixed(
        ports,
        "xdp-agent HTTP",
        "XDP_HTTP_PORT",
        s.port("XDP_HTTP_PORT"),
        Transport.TCP,
        Exposure.INTERNAL);
    fixed(
        ports,
        "xdp-agent pike events",
        "XDP_PIKE_EVENT_PORT",
        s.port("XDP_PIKE_EVENT_PORT"),
        Transport.UDP,
        Exposure.INTERNAL);
    if (!c.cluster.alone()) {
      // The member port carries the leases, owners and calls' state, unauthenticated: only the
      // other members (within INTERNAL_CIDRS) may reach it. Alone nothing listens there.
      fixed(
          ports,
          "cluster member",
          "CLUSTER_PORT",
          c.cluster.getPort(),
          Transport.TCP,
          Exposure.INTERNAL);
    }
    rejectOverlaps(ports);

    List<Cidr> cidrs = new ArrayList<>();
    for (String part : s.list("INTERNAL_CIDRS")) {
      try {
        // nft refuses a network with host bits and iptables silently widens it: the operator
        // decides
        cidrs.add(Cidr.parseNetwork(part));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("INTERNAL_CIDRS: " + e.getMessage());
      }
    }
    return new PortModel(ports, cidrs);
  }

  /**
   * Browsers' ports: WSS public (OS_WSS_PORT), plain WS internal (OS_WS_PORT: a page on this host
   * or a TLS proxy), each only when not 0; with RTPENGINE_NG set, rtpengine's ng ports internal
   * (whoever drives them controls every bridged call) and its media range public.
   */
  private static void webRtc(List<ServicePort> ports, Settings s, OavcConfig c) {
    int wss = s.port("OS_WSS_PORT");
    if (wss != 0) {
      fixed(ports, "OpenSIPS SIP over WSS", "OS_WSS_PORT", wss, Transport.TCP, Exposure.PUBLIC);
    }
    int ws = s.port("OS_WS_PORT");
    if (ws != 0) {
      fixed(ports, "OpenSIPS SIP over WS", "OS_WS_PORT", ws, Transport.TCP, Exposure.INTERNAL);
    }
    int min = s.integer("RTPENGINE_MIN_PORT", 1024, 65535);
    int max = s.integer("RTPENGINE_MAX_PORT", 1024, 65535);
    if (max < min) {
      throw new ConfigException(
          "RTPENGINE_MAX_PORT=" + max + " is below RTPENGINE_MIN_PORT=" + min);
    }
    if (!c.rtpEngine.configured()) {
      return;
    }
    c.rtpEngine.getInstances().stream()
        .map(java.net.InetSocketAddress::getPort)
        .distinct()
        .forEach(
            p -> fixed(ports, "rtpengine ng", "RTPENGINE_NG", p, Transport.UDP, Exposure.INTERNAL));
    ports.add(
        new ServicePort(
            "rtpengine media",
            "RTPENGINE_MIN_PORT..RTPENGINE_MAX_PORT",
            Transport.UDP,
            min,
            max,
            Exposure.PUBLIC));
  }

  public List<Cidr> internalCidrs(boolean ipv6) {
    return internalCidrs.stream().filter(c -> !c.ipv4() == ipv6).toList();
  }

  public List<ServicePort> ports(Exposure exposure) {
    return ports.stream().filter(p -> p.exposure() == exposure).toList();
  }

  private static void fixed(
      List<ServicePort> out, String name, String key, int port, Transport t, Exposure e) {
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
            && a.fromPort() <= b.toPort()
            && b.fromPort() <= a.toPort()) {
          throw new ConfigException(
              a.settingKey()
                  + " and "
                  + b.settingKey()
                  + " overlap on "
                  + a.transport().keyword()
                  + " "
                  + Math.max(a.fromPort(), b.fromPort())
                  + ": one port cannot be both "
                  + a.exposure()
                  + " and "
                  + b.exposure());
        }
      }
    }
  }
}
