package dev.berth.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the run ran on, read from {@code /proc} and the JDK, for the report's header. */
record Machine(String date, String cpu, int cpus, String memory, String kernel, String disk, String jdk,
    String loadAtStart, List<String> javaOptions) {

  static Machine describe(Path java, List<String> javaOptions, Path workDir) throws Exception {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
    String memTotal = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    String memory = memTotal.isEmpty() ? "?" : String.format("%.1f GiB", Long.parseLong(memTotal.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
    String kernel = read(Path.of("/proc/sys/kernel/osrelease"));
    FileStore fs = Files.getFileStore(workDir);
    String disk = fs.type() + " on " + fs.name() + " (" + workDir + ")";
    String load = read(Path.of("/proc/loadavg"));
    return new Machine(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), cpu,
        Runtime.getRuntime().availableProcessors(), memory, kernel, disk, jdk(java), load, javaOptions);
  }

  private static String jdk(Path java) throws Exception {
    Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    List<String> lines = out.lines().toList();
    // second line names the runtime build, e.g. "OpenJDK Runtime Environment Temurin-25+36 (build 25+36-LTS)"
    return lines.size() > 1 ? lines.get(1).trim() : out.trim();
  }

  private static String firstValue(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(key)) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
