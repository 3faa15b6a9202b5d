package org.oavc.connector.recording;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.recording.impl.DiskCallRecordings;

/**
 * The recordings of this node's calls. Methods return at once: the files are written by a thread of
 * their own, never an event loop.
 */
public interface CallRecordings {

  /**
   * Records nothing (tests of other layers; a node with recording unset still uses the disk one).
   */
  CallRecordings NONE =
      new CallRecordings() {
        @Override
        public Optional<Path> start(String callKey, MediaSession media, int sampleRate) {
          return Optional.empty();
        }

        @Override
        public Optional<Path> stop(String callKey) {
          return Optional.empty();
        }

        @Override
        public Future<Optional<Path>> file(String callKey) {
          return Future.succeededFuture(Optional.empty());
        }

        @Override
        public RecordingOptions options() {
          return new RecordingOptions();
        }

        @Override
        public Future<Void> close() {
          return Future.succeededFuture();
        }
      };

  /** Creates the directory (0700) and starts the retention sweep. */
  static Future<CallRecordings> start(Vertx vertx, RecordingOptions options, MeterRegistry meters) {
    return DiskCallRecordings.start(vertx, options, meters);
  }

  /**
   * Starts recording {@code media} in stereo at {@code sampleRate}: the call's {@code
   * Codec.speechRate()} (8 kHz for a G.711 call, 16 kHz for G.722 and Opus). The recording's file
   * (also when it already recorded), or empty when refused: too little free space as last measured
   * (logged and counted). A file that cannot be created is found by the writer: logged and counted,
   * and the call goes on unrecorded.
   */
  Optional<Path> start(String callKey, MediaSession media, int sampleRate);

  /**
   * Stops the call's recording (at its end): the taps are removed now, the file is completed and
   * closed by the writer. Its path, or empty when the call was not recorded.
   */
  Optional<Path> stop(String callKey);

  /**
   * The recording of a call of this node, live or ended, while its file exists (also one of an
   * earlier run of the daemon, by the key's file name).
   */
  Future<Optional<Path>> file(String callKey);

  RecordingOptions options();

  /** Completes every recording's file (the daemon stops). */
  Future<Void> close();
}
