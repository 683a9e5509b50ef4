package dev.berth.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth server}: the control plane in the foreground. Opens (or creates) the data dir,
 * serves the Kubernetes API over HTTPS, writes the kubeconfig, runs the controllers, and stops
 * cleanly on SIGTERM/SIGINT.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run berth's control plane (API server, store, controllers) in the foreground.")
final class ServerCommand implements Callable<Integer> {

  @Mixin
  ServerOptions options = new ServerOptions();

  @Option(names = "--exit-when-ready", hidden = true,
      description = "Start, bootstrap, then stop at once: the launcher's training run for the JVM's AOT cache.")
  boolean exitWhenReady;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Server server = Server.start(options);
    out.println("berth: API server listening on " + server.url());
    out.println("berth: " + server.controllers().dnsStatusLine());
    out.println("berth: kubeconfig written to " + server.kubeconfig());
    out.println("berth: try: kubectl --kubeconfig " + server.kubeconfig() + " get nodes");
    out.println("berth: ready");
    out.flush();
    CountDownLatch stop = new CountDownLatch(exitWhenReady ? 0 : 1);
    // SIGTERM/SIGINT end the wait below; the server then stops in order and the process exits 0
    for (String sig : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> stop.countDown());
    }
    stop.await();
    out.println("berth: stopping");
    out.flush();
    server.close();
    out.println("berth: stopped");
    out.flush();
    return 0;
  }
}
