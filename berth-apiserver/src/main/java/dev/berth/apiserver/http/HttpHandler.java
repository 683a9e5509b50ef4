package dev.berth.apiserver.http;

/** Answers one request; may block (it runs on a virtual thread of its own). */
@FunctionalInterface
public interface HttpHandler {
  HttpReply handle(HttpCall call);
}
