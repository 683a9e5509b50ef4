package dev.berth.apiserver.http;

import java.io.IOException;
import java.util.List;

/** What a handler answers: a whole body, or a stream written chunk by chunk (watch, logs). */
public sealed interface HttpReply {

  /** @param warnings sent as {@code Warning: 299 - "..."} headers, as the kube-apiserver does */
  record Full(int status, String contentType, byte[] body, List<String> warnings) implements HttpReply {}

  /** A chunked 200 response; {@link Producer#run} writes until it returns, then the stream ends. */
  record Stream(String contentType, Producer producer) implements HttpReply {}

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
}
