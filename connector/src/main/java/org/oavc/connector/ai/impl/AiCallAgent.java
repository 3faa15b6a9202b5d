package org.oavc.connector.ai.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiLimitOptions;
import org.oavc.connector.ai.AiOptions;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.AiSessionStats;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.CalleeTranscript;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.tools.ToolBox;
import org.oavc.connector.ai.tools.ToolSpec;
import org.oavc.connector.call.Call;
import org.oavc.connector.call.CallAgent;
import org.oavc.connector.call.CallController;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.cluster.ReplicatedTurn;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.vertx.VertxInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI side of every call: picks the call's agent profile and flavor, runs a {@link AiBridge}
 * from the answer to the end, and applies AI_FAILURE_ACTION when the back end is not there. Each
 * conversation runs on an event-loop context of its own (no new threads).
 */
public final class AiCallAgent implements CallAgent {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai");
  private static final int ENDED_KEPT = 200;

  private final Vertx vertx;
  private final AiOptions settings;
  private final AgentProfileResolver profiles;
  private final AiFlavors flavors;
  private final ToolBox tools;
  private final AiMetrics metrics;
  private final MiClient mi;
  private final Apology apology;
  private final FlavorCodecs codecs;
  private final Map<String, CallRecord> live = new ConcurrentHashMap<>();
  private final Map<String, CallRecord> ended =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CallRecord> eldest) {
          return size() > ENDED_KEPT;
        }
      };
  private BridgeServices services;
  private volatile CallRecords replicas = CallRecords.NONE;
  private java.util.function.Consumer<String> recordCall = key -> {};
  private io.vertx.ext.web.client.WebClient speech;

  /** What the agent keeps per call, readable from the management API's threads. */
  private static final class CallRecord {
    final Transcript transcript;
    volatile AiBridge bridge;
    volatile String flavor;
    volatile AiSessionStats stats;
    volatile boolean endedHandled;

    private final String key;
    private final CallRecords replicas;

    /** Each turn and the flavor also go to {@code replicas}, for a node taking the call over. */
    CallRecord(AiLimitOptions limits, String key, CallRecords replicas) {
      this.key = key;
      this.replicas = replicas;
      transcript =
          new Transcript(
              limits.transcriptMaxTurns(),
              limits.transcriptTurnMaxChars(),
              t ->
                  replicas.turn(
                      key,
                      new ReplicatedTurn(
                          t.at().toEpochMilli(),
                          t.speaker().name().toLowerCase(),
                          t.text(),
                          t.interrupted())));
    }

    /** Records the conversation unless the call already ended (then the caller drops it). */
    synchronized boolean attach(AiBridge c, String chosenFlavor) {
      if (endedHandled) {
        return false;
      }
      bridge = c;
      flavor = chosenFlavor;
      replicas.flavor(key, chosenFlavor);
      return true;
    }

    /** Marks the end once; yields the conversation to close, or null. */
    synchronized boolean end() {
      boolean first = !endedHandled;
      endedHandled = true;
      return first;
    }
  }

  public AiCallAgent(
      Vertx vertx,
      AiOptions settings,
      AiFlavors flavors,
      ToolBox tools,
      MeterRegistry meters,
      MiClient mi,
      Apology apology) {
    this(vertx, settings, flavors, tools, meters, mi, apology, FlavorCodecs.none());
  }

  public AiCallAgent(
      Vertx vertx,
      AiOptions settings,
      AiFlavors flavors,
      ToolBox tools,
      MeterRegistry meters,
      MiClient mi,
      Apology apology,
      FlavorCodecs codecs) {
    this.codecs = codecs;
    this.vertx = vertx;
    this.settings = settings;
    this.flavors = flavors;
    this.tools = tools;
    this.metrics = new AiMetrics(meters);
    this.mi = mi;
    this.apology = apology;
    this.profiles = new AgentProfileResolver(vertx, settings, tools.specs());
  }

  /**
   * The daemon's agent from the config: flavors, HTTP tools, apology (synthesised when its text was
   * changed). Fails with a ConfigException on invalid AI settings.
   */
  public static Future<AiCallAgent> create(
      Vertx vertx, Settings s, MeterRegistry meters, MiClient mi) {
    AiOptions settings;
    List<ToolSpec> httpTools;
    AiFlavors flavors;
    FlavorCodecs codecs;
    try {
      settings = AiOptions.fromSettings(s);
      codecs = FlavorCodecs.fromSettings(s);
      httpTools =
          settings.toolsFile().isEmpty() ? List.of() : ToolBox.load(Path.of(settings.toolsFile()));
      flavors = AiFlavors.standard(vertx, s, meters); // last: nothing above holds resources
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Apology.load(vertx, settings)
        .map(
            apology ->
                new AiCallAgent(
                    vertx,
                    settings,
                    flavors,
                    new ToolBox(
                        vertx,
                        httpTools,
                        settings.transferDefaultUri(),
                        settings.transferAllowed(),
                        Math.max(5000, settings.connectTimeoutMillis()),
                        meters),
                    meters,
                    mi,
                    apology,
                    codecs));
  }

  /** Where the conversations are replicated for failover (nowhere when alone). */
  public AiCallAgent replicateTo(CallRecords records) {
    this.replicas = records;
    return this;
  }

  /** Hang-ups from the AI side go through the controller (set once it exists). */
  public AiCallAgent controller(CallController controller) {
    this.recordCall = controller::record;
    this.services =
        new BridgeServices(
            vertx, settings, flavors, tools, metrics, controller::hangup, mi, apology);
    return this;
  }

  /**
   * The codec list of the flavor the config's rules give this call (the bot config, asked after the
   * answer, may still change the flavor; the media layer resamples for whichever it is).
   */
  @Override
  public List<String> codecPreferences(Call call) {
    return settings.enabled()
        ? codecs.forFlavor(profiles.flavorByRules(CallInfos.of(call)))
        : List.of();
  }

  @Override
  public String flavorBeforeAnswer(Call call) {
    JsonObject requested = call.agentSettings();
    if (requested != null && requested.getString("flavor") != null) {
      return requested.getString("flavor");
    }
    return settings.enabled() ? profiles.flavorByRules(CallInfos.of(call)) : null;
  }

  @Override
  public Future<Void> beforeAnswer(Call call) {
    if (settings.failureAction() != AiOptions.FailureAction.REJECT || !settings.enabled()) {
      return Future.succeededFuture();
    }
    // Probe: the session starts now, audio it plays before the answer waits for the media.
    CallRecord r = new CallRecord(settings.limits(), call.key(), replicas);
    live.put(call.key(), r);
    AiCallInfo info = CallInfos.of(call);
    ContextInternal ctx = VertxInternals.newEventLoopContext(vertx);
    return profiles
        .choose(info)
        .compose(
            p -> {
              if (AiOptions.NO_FLAVOR.equalsIgnoreCase(p.flavor())) {
                live.remove(call.key()); // this call goes without AI: nothing to probe
                return Future.succeededFuture();
              }
              return startConversation(ctx, r, info, p);
            })
        .onFailure(
            e -> {
              log.warn(
                  "key={} AI back end not ready before the answer: {}", call.key(), e.getMessage());
              live.remove(call.key());
            })
        .onSuccess(
            v ->
                vertx.setTimer(
                    settings.connectTimeoutMillis() + 10_000L,
                    id -> {
                      if (!r.endedHandled && call.view().answeredAt() == null) {
                        finish(
                            call.key(),
                            r); // never answered (cancelled, set-up failed): no ended() comes
                      }
                    }));
  }

  @Override
  public void answered(Call call) {
    CallRecord probed = live.get(call.key());
    if (probed != null && probed.bridge != null) {
      AiBridge c = probed.bridge;
      MediaSession media = call.media();
      int ptime = packetMillis(call);
      c.context().runOnContext(v -> c.attachMedia(media, ptime));
      return;
    }
    JsonObject requested = call.agentSettings(); // an outbound call's own fields win
    if (!settings.enabled() && (requested == null || !requested.containsKey("flavor"))) {
      return;
    }
    CallRecord r = new CallRecord(settings.limits(), call.key(), replicas);
    List<EarlierTurn> earlier = earlierTurns(call);
    r.transcript.seed(earlier);
    live.put(call.key(), r);
    AiCallInfo info = CallInfos.of(call);
    MediaSession media = call.media(); // read now: the call layer detaches it when the call ends
    int ptime = packetMillis(call);
    ContextInternal ctx = VertxInternals.newEventLoopContext(vertx);
    profiles
        .choose(info)
        .map(p -> requested == null ? p : profiles.merge(p, requested))
        .onComplete(
            ar ->
                ctx.runOnContext(
                    v -> {
                      AgentProfile p = ar.result();
                      if (p.record()) {
                        recordCall.accept(call.key()); // the bot config asked
                      }
                      if (AiOptions.NO_FLAVOR.equalsIgnoreCase(p.flavor())) {
                        return;
                      }
                      AiBridge c =
                          new AiBridge(services, ctx, info, p, r.transcript).carryOn(earlier);
                      if (!r.attach(c, p.flavor())) {
                        return; // the call ended while the profile was chosen
                      }
                      c.attachMedia(media, ptime);
                      startSession(r, c, info, p)
                          .onFailure(
                              e -> {
                                log.warn(
                                    "key={} AI back end ({}) unavailable at call start: {}; apologising",
                                    call.key(),
                                    p.flavor(),
                                    e.getMessage());
                                c.apologizeAndHangUp();
                              });
                    }));
  }

  private Future<Void> startConversation(
      ContextInternal ctx, CallRecord r, AiCallInfo info, AgentProfile p) {
    return Future.<Void>succeededFuture()
        .compose(
            x -> {
              AiBridge c = new AiBridge(services, ctx, info, p, r.transcript);
              if (!r.attach(c, p.flavor())) {
                return Future.failedFuture(
                    new AiUnavailableException("the call ended before the AI started"));
              }
              return startSession(r, c, info, p);
            })
        .onFailure(
            e -> {
              AiBridge c = r.bridge;
              if (c != null) {
                c.context().runOnContext(v -> c.close());
              }
            });
  }

  /** The conversation so far of a call taken over from a dead node; empty for a new call. */
  private static List<EarlierTurn> earlierTurns(Call call) {
    ReplicatedCall from = call.resumedFrom();
    if (from == null) {
      return List.of();
    }
    List<EarlierTurn> turns = new ArrayList<>();
    for (ReplicatedTurn t : from.turns()) {
      turns.add(
          new EarlierTurn("agent".equals(t.speaker()) ? Speaker.AGENT : Speaker.CALLER, t.text()));
    }
    return turns;
  }

  private static int packetMillis(Call call) {
    return call.negotiation() == null ? 20 : call.negotiation().ptimeMs();
  }

  /** Creates and starts the flavor's session on the conversation's context. */
  private Future<Void> startSession(CallRecord r, AiBridge c, AiCallInfo info, AgentProfile p) {
    AiSessionFactory factory = flavors.get(p.flavor());
    if (factory == null) {
      metrics.session(p.flavor(), "failed_start");
      return Future.failedFuture(
          new AiUnavailableException("AI flavor '" + p.flavor() + "' is not installed"));
    }
    return Future.<Void>future(
        promise ->
            c.context()
                .runOnContext(
                    v -> {
                      AiSession session;
                      try {
                        session = factory.create(info, p);
                      } catch (RuntimeException e) {
                        promise.fail(
                            new AiUnavailableException(
                                "could not create the " + p.flavor() + " session", e));
                        return;
                      }
                      if (session instanceof AiSessionStats st) {
                        r.stats = st;
                      }
                      c.startSession(session, p)
                          .onComplete(
                              ar -> {
                                if (ar.succeeded()) {
                                  metrics.session(p.flavor(), "started");
                                  promise.complete();
                                } else {
                                  metrics.session(p.flavor(), "failed_start");
                                  session.close();
                                  promise.fail(ar.cause());
                                }
                              });
                    }));
  }

  @Override
  public void ended(Call call) {
    CallRecord r = live.get(call.key());
    if (r != null) {
      finish(call.key(), r);
    }
  }

  /** Closes the conversation once, keeps the transcript for the history, logs its summary. */
  private void finish(String key, CallRecord r) {
    if (!r.end()) {
      return;
    }
    live.remove(key);
    synchronized (ended) {
      ended.put(key, r);
    }
    AiBridge c = r.bridge;
    r.bridge = null; // the history keeps transcripts, not media sessions
    if (c != null) {
      c.context().runOnContext(v -> c.close());
    }
    log.debug("key={} AI conversation closed: {}", key, summary(r));
  }

  /** "ai=FLAVOR turns=... [stats=...]" for the call-end log line; empty without AI. */
  @Override
  public String endSummary(Call call) {
    CallRecord r;
    synchronized (ended) {
      r = ended.get(call.key());
    }
    return r == null || r.flavor == null ? "" : summary(r);
  }

  private static String summary(CallRecord r) {
    AiSessionStats st = r.stats;
    return "ai="
        + r.flavor
        + " "
        + r.transcript.summary()
        + (st == null ? "" : " stats=" + st.stats().encode());
  }

  /** The AI part of GET /calls/{key}: flavor, transcript, flavor figures; null for unknown keys. */
  public JsonObject details(String key) {
    CallRecord r = live.get(key);
    if (r == null) {
      synchronized (ended) {
        r = ended.get(key);
      }
    }
    if (r == null) {
      return null;
    }
    JsonObject j =
        new JsonObject().put("flavor", r.flavor).put("transcript", r.transcript.toJson());
    AiSessionStats st = r.stats;
    if (st != null) {
      j.put("stats", st.stats());
    }
    return j;
  }

  /**
   * Runs a tool on a live call as if its agent had called it (operator actions, tests); fails with
   * NoSuchElementException when no conversation runs for {@code key}.
   */
  public Future<JsonObject> invokeTool(String key, String name, JsonObject arguments) {
    CallRecord r = live.get(key);
    AiBridge c = r == null ? null : r.bridge;
    if (c == null) {
      return Future.failedFuture(
          new java.util.NoSuchElementException("no AI conversation on call " + key));
    }
    return Future.future(
        p -> c.context().runOnContext(v -> c.invokeTool(name, arguments).onComplete(p)));
  }

  /** Conversations still running (for tests and the resource checks). */
  public int activeConversations() {
    return live.size();
  }

  @Override
  public Future<Void> leaveMessage(Call call, String text) {
    MediaSession media = call.media();
    if (media == null) {
      return Future.failedFuture(new IllegalStateException("no media"));
    }
    synchronized (this) {
      if (speech == null) {
        speech = io.vertx.ext.web.client.WebClient.create(vertx);
      }
    }
    return SpokenText.synthesise(speech, settings, text)
        .compose(
            audio -> {
              media.play(audio.pcm(), audio.sampleRate());
              io.vertx.core.Promise<Void> sent = io.vertx.core.Promise.promise();
              // played out once nothing is queued; the periodic check stops with the media
              vertx.setPeriodic(
                  100,
                  id -> {
                    if (media.queuedMillis() == 0 || call.isEnded()) {
                      vertx.cancelTimer(id);
                      sent.tryComplete();
                    }
                  });
              return sent.future();
            });
  }

  @Override
  public CalleeTranscript transcribeCallee(Call call, int sampleRate, Consumer<String> onText) {
    AiSessionFactory factory = flavors.get(flavorBeforeAnswer(call));
    return factory == null
        ? null
        : factory.transcribe(vertx.getOrCreateContext(), sampleRate, onText);
  }

  public void close() {
    if (speech != null) {
      speech.close();
    }
    live.forEach(this::finish);
    profiles.close();
    tools.close();
    flavors.close();
  }
}
