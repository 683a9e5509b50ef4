package dev.berth.api.patch;

import dev.berth.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.node.ObjectNode;

/** Test documents under {@code src/test/resources/patch/}. */
final class Resources {
  private Resources() {}

  static ObjectNode object(String name) {
    try (InputStream in = Resources.class.getResourceAsStream("/patch/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /patch/" + name);
      }
      return Json.parseObject(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
