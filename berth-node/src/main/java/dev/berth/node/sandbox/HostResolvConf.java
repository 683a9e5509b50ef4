package dev.berth.node.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The node's DNS settings, parsed like the kubelet's {@code parseResolvConf}: {@code nameserver}
 * lines accumulate, the last {@code search} line wins (trailing dots dropped), the last {@code
 * options} line wins, {@code #} comments are skipped.
 */
public record HostResolvConf(List<String> nameservers, List<String> searches, List<String> options) {

  public HostResolvConf {
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  public static HostResolvConf parse(String content) {
    List<String> nameservers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (String raw : content.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length == 0 || f[0].isEmpty()) {
        continue;
      }
      switch (f[0]) {
        case "nameserver" -> {
          if (f.length >= 2) {
            nameservers.add(f[1]);
          }
        }
        case "search" -> {
          searches.clear();
          for (String s : Arrays.asList(f).subList(1, f.length)) {
            searches.add(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
          }
        }
        case "options" -> {
          options.clear();
          options.addAll(Arrays.asList(f).subList(1, f.length));
        }
        default -> {
          // domain, sortlist, ...: not used by the kubelet
        }
      }
    }
    return new HostResolvConf(nameservers, searches, options);
  }

  /** Reads the node's file ({@code /etc/resolv.conf}); a missing file means no settings. */
  public static HostResolvConf read(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (NoSuchFileException e) {
      return new HostResolvConf(List.of(), List.of(), List.of());
    }
  }
}
