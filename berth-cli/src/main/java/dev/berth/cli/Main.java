package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
    description = "Kubernetes StatefulSets, Deployments and Services on one machine, as plain Linux processes.",
    subcommands = {ServerCommand.class, UpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    System.exit(code);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
