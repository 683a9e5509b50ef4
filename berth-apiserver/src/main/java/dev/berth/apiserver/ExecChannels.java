package dev.berth.apiserver;

import dev.berth.api.Json;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket channel protocol of {@code pods/exec} ({@code spec/api-server.md} §14.3): every
 * message is binary, its first byte the channel, the rest the payload. The error channel carries
 * one {@code metav1.Status} at the end, which kubectl turns into its exit code.
 */
public final class ExecChannels {
  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  public static final int ERROR = 3;
  public static final int RESIZE = 4;
  /** v5 only: {@code [255, c]} half-closes channel c; kubectl sends {@code [255, 0]} at the end of its stdin. */
  public static final int CLOSE = 255;

  private ExecChannels() {}

  /** The subprotocols berth speaks, best first: kubectl 1.32 offers v5 only, fabric8 8.0 v4 only. */
  public enum Protocol {
    V5("v5.channel.k8s.io"),
    V4("v4.channel.k8s.io");

    private final String header;

    Protocol(String header) {
      this.header = header;
    }

    public String header() {
      return header;
    }

    /** Whether the client can half-close stdin ({@code [255, 0]}). */
    public boolean hasClose() {
      return this == V5;
    }

    /**
     * The best protocol among those a client offers in {@code Sec-WebSocket-Protocol} (a comma
     * separated list, or several headers joined by commas); empty when none fits.
     */
    public static Optional<Protocol> negotiate(String offered) {
      if (offered == null) {
        return Optional.empty();
      }
      var names = Arrays.stream(offered.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
      return Arrays.stream(values()).filter(p -> names.contains(p.header)).findFirst();
    }
  }

  /** One message as it travels: {@code channel} then {@code payload[off, off+len)}. */
  public static byte[] frame(int channel, byte[] payload, int off, int len) {
    byte[] m = new byte[len + 1];
    m[0] = (byte) channel;
    System.arraycopy(payload, off, m, 1, len);
    return m;
  }

  public static byte[] frame(int channel, byte[] payload) {
    return frame(channel, payload, 0, payload.length);
  }

  /** The channel of a received message (0–255); -1 for an empty one. */
  public static int channel(byte[] message) {
    return message.length == 0 ? -1 : message[0] & 0xff;
  }

  /** The payload of a received message, without its channel byte. */
  public static byte[] payload(byte[] message) {
    return message.length <= 1 ? new byte[0] : Arrays.copyOfRange(message, 1, message.length);
  }

  /** The size in a resize message's payload ({@code {"Width":80,"Height":24}}); empty when it is not one. */
  public static Optional<PodExec.TerminalSize> terminalSize(byte[] payload) {
    try {
      JsonNode n = Json.parse(payload);
      int w = n.path("Width").asInt(0);
      int h = n.path("Height").asInt(0);
      return w > 0 && h > 0 ? Optional.of(new PodExec.TerminalSize(w, h)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The error channel's payload when the command exited 0: {@code {"metadata":{},"status":"Success"}}. */
  public static byte[] success() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.putObject("metadata");
    s.put("status", "Success");
    return Json.bytes(s);
  }

  /**
   * The error channel's payload for a non-zero exit: reason {@code NonZeroExitCode} with the code
   * as the message of an {@code ExitCode} cause, which kubectl turns into {@code command terminated
   * with exit code 3} and its own exit code 3.
   */
  public static byte[] exitCode(int code) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", "command terminated with non-zero exit code: exit status " + code);
    s.put("reason", "NonZeroExitCode");
    s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message", Integer.toString(code));
    return Json.bytes(s);
  }

  /** The error channel's payload when the command could not run at all ({@code InternalError}). */
  public static byte[] failure(String message) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", "Internal error occurred: " + message);
    s.put("reason", "InternalError");
    s.putObject("details").putArray("causes").addObject().put("message", message);
    s.put("code", 500);
    return Json.bytes(s);
  }
}
