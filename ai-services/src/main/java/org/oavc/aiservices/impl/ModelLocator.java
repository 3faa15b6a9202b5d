package org.oavc.aiservices.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.oavc.aiservices.stt.VoskEngine;

/**
 * Finds the Vosk model directory: the configured path; the {@code oavc.voskModel} system property;
 * a build's unpacked copy; else the {@code vosk-model-en} AAR (next to our jar, as a deployment's
 * dependency copy puts it, or in the local Maven repository), unpacked once into a cache directory.
 */
public final class ModelLocator {
  static final String AAR_MODEL_PREFIX = "assets/model-en-us/";
  private static final String AAR_NAME = "vosk-model-en";

  private ModelLocator() {}

  public static Path locate(String configured) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return requireModel(Paths.get(configured));
    }
    String property = System.getProperty("oavc.voskModel");
    if (property != null && !property.isBlank()) {
      return requireModel(Paths.get(property));
    }
    for (String built :
        List.of(
            "ai-services/target/vosk-model/assets/model-en-us",
            "target/vosk-model/assets/model-en-us")) {
      if (isModel(Paths.get(built))) {
        return Paths.get(built);
      }
    }
    for (Path aar : candidateAars()) {
      if (Files.isRegularFile(aar)) {
        return unpack(aar);
      }
    }
    throw new IOException(
        "no Vosk model found: set VOSK_MODEL_PATH to an unpacked model directory");
  }

  private static Path requireModel(Path dir) throws IOException {
    if (!isModel(dir)) {
      throw new IOException(
          "not a Vosk model directory (no am/ and conf/ inside): " + dir.toAbsolutePath());
    }
    return dir;
  }

  private static boolean isModel(Path dir) {
    return Files.isDirectory(dir.resolve("am")) && Files.isDirectory(dir.resolve("conf"));
  }

  private static List<Path> candidateAars() throws IOException {
    List<Path> out = new ArrayList<>();
    try {
      Path ourJar =
          Paths.get(VoskEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = Files.isDirectory(ourJar) ? ourJar : ourJar.getParent();
      if (dir != null && Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files
              .filter(
                  p ->
                      p.getFileName().toString().startsWith(AAR_NAME)
                          && p.getFileName().toString().endsWith(".aar"))
              .forEach(out::add);
        }
      }
    } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
      // No usable code source (e.g. a custom class loader): only the repository is tried.
    }
    out.add(
        Paths.get(
            System.getProperty("user.home"),
            ".m2",
            "repository",
            "com",
            "alphacephei",
            AAR_NAME,
            "0.3.45",
            AAR_NAME + "-0.3.45.aar"));
    return out;
  }

  /** Unpacks the model once per AAR size into the temp directory; later starts reuse it. */
  static Path unpack(Path aar) throws IOException {
    Path target =
        Paths.get(System.getProperty("java.io.tmpdir"), "oavc-vosk-model-" + Files.size(aar));
    Path model = target.resolve("model-en-us");
    if (isModel(model) && Files.exists(target.resolve(".complete"))) {
      return model;
    }
    Files.createDirectories(model);
    try (ZipFile zip = new ZipFile(aar.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        if (!entry.getName().startsWith(AAR_MODEL_PREFIX) || entry.isDirectory()) {
          continue;
        }
        Path out = model.resolve(entry.getName().substring(AAR_MODEL_PREFIX.length())).normalize();
        if (!out.startsWith(model)) {
          throw new IOException("refusing entry outside the model directory: " + entry.getName());
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.createFile(target.resolve(".complete"));
    return requireModel(model);
  }
}
