package dev.berth.cli;

import dev.berth.node.sandbox.PodIpAllocator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that choose and configure a control plane, shared by {@code berth server} and
 * {@code berth up} (a picocli mixin).
 */
public final class ServerOptions {

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where berth keeps its state (default: ~/.berth).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".berth");

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "API server address (default: 127.0.0.1:6443; port 0 picks a free one).")
  String listen = "127.0.0.1:6443";

  @Option(names = "--service-cidr", paramLabel = "CIDR", description = "ClusterIP range (default: 127.2.0.0/16).")
  String serviceCidr = "127.2.0.0/16";

  @Option(names = "--dns-upstream", paramLabel = "HOST:PORT",
      description = "Where the cluster DNS forwards names outside cluster.local (repeatable; default: the nameservers of the host's /etc/resolv.conf).")
  List<String> dnsUpstreams = new ArrayList<>();

  @Option(names = "--watch-history", hidden = true, paramLabel = "N",
      description = "How many changes the watch history keeps (default 10000); tests use a small one to provoke 410 Gone.")
  int watchHistory = 10_000;

  @Option(names = "--pod-cidr", hidden = true, paramLabel = "CIDR",
      description = "Pod IP range (default: 127.1.0.0/16); integration tests give each server its own /24 so that "
          + "servers running side by side do not hand out the same addresses.")
  String podCidr = PodIpAllocator.DEFAULT_CIDR;

  @Option(names = "--node-resync", hidden = true, paramLabel = "DURATION",
      description = "How often the node agent syncs a running pod without an event (default PT1M, ISO-8601); "
          + "tests shorten it to see ConfigMap and Secret updates in mounted volumes sooner.")
  Duration nodeResync = Duration.ofMinutes(1);

  @Option(names = "--proxy-threads", hidden = true, paramLabel = "N",
      description = "Event loop threads of the service proxy (default: the CPU count); for benchmarks.")
  int proxyThreads = 0;

  Controllers.NodeOptions nodeOptions() {
    return new Controllers.NodeOptions(podCidr, nodeResync, proxyThreads);
  }

  Path dataDir() {
    return dataDir;
  }

  InetSocketAddress listenAddress() {
    return parseListen(listen);
  }

  List<InetSocketAddress> dnsUpstreams() {
    return dnsUpstreams.stream().map(ServerOptions::parseListen).toList();
  }

  static InetSocketAddress parseListen(String s) {
    int i = s.lastIndexOf(':');
    if (i < 0) {
      throw new IllegalArgumentException("--listen must be HOST:PORT, got " + s);
    }
    String host = s.substring(0, i);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, Integer.parseInt(s.substring(i + 1)));
  }
}
