package dev.berth.apiserver.http;

import java.io.IOException;
import java.util.List;

/**
 * What a handler answers: a whole body, a stream written chunk by chunk (watch, logs), or a
 * WebSocket conversation (exec).
 */
public sealed interface HttpReply {

  /** @param warnings sent as {@code Warning: 299 - "..."} headers, as the kube-apiserver does */
  record Full(int status, String contentType, byte[] body, List<String> warnings) implements HttpReply {}

  /** A chunked 200 response; {@link Producer#run} writes until it returns, then the stream ends. */
  record Stream(String contentType, Producer producer) implements HttpReply {}

  /**
   * Upgrades the request to a WebSocket with {@code subprotocol} (already chosen among those the
   * client offered), then runs {@code conversation} on the request's virtual thread; when it
   * returns, the server sends a normal close (1000) and closes the connection. A request without
   * {@code Upgrade: websocket} gets 400 {@code Upgrade request required} instead.
   */
  record WebSocket(String subprotocol, Conversation conversation) implements HttpReply {}

  /** Writes a stream. {@link Sink#write} blocks while the client is slow (back-pressure). */
  @FunctionalInterface
  interface Producer {
    void run(Sink sink) throws IOException, InterruptedException;
  }

  interface Sink {
    /** Writes and flushes one chunk; throws once the client has gone away. */
    void write(byte[] chunk) throws IOException, InterruptedException;

    boolean isOpen();
  }

  /** One side of a WebSocket upgrade, run once the handshake succeeded. */
  @FunctionalInterface
  interface Conversation {
    void run(WebSocketPeer peer) throws IOException, InterruptedException;
  }

  /** The client end of an upgraded connection, as a blocking API for a virtual thread. */
  interface WebSocketPeer {
    /**
     * The payload of the client's next data message (binary or text, fragments joined); null once
     * the client has closed the connection or gone away. Reading less often slows the client down
     * (the socket stops being read while a few messages wait).
     */
    byte[] receive() throws InterruptedException;

    /** As {@link #receive()}, but an empty array when no message came within {@code timeout}. */
    byte[] receive(java.time.Duration timeout) throws InterruptedException;

    /** Sends one binary message; blocks while the client is slow; throws once it has gone away. */
    void send(byte[] message) throws IOException, InterruptedException;

    boolean isOpen();
  }
}
