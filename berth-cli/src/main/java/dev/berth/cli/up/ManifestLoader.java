package dev.berth.cli.up;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads manifests as {@code kubectl apply -f} does: a file holds one or more YAML documents
 * (separated by {@code ---}) or JSON; a directory contributes its {@code .yaml}, {@code .yml} and
 * {@code .json} files in name order (not its subdirectories); {@code -} is standard input; a
 * {@code kind: List} contributes its items. Empty documents are skipped.
 *
 * <p>Only the shape is checked here ({@code apiVersion}, {@code kind} and {@code metadata.name}
 * present); everything else is the API server's to validate.
 */
public final class ManifestLoader {
  private static final YAMLMapper YAML = YAMLMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private ManifestLoader() {}

  /** The manifests of {@code inputs}, in the order given (files of a directory by name). */
  public static List<Manifest> load(List<String> inputs, InputStream stdin) throws ManifestException {
    if (inputs.isEmpty()) {
      throw new ManifestException("no manifests given: name files or directories, e.g. berth up examples/web");
    }
    List<Manifest> out = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals("-")) {
        try {
          out.addAll(parse("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new ManifestException("cannot read standard input: " + e.getMessage());
        }
        continue;
      }
      Path p = Path.of(input);
      if (Files.isDirectory(p)) {
        List<Path> files = filesOf(p);
        if (files.isEmpty()) {
          throw new ManifestException(input + ": no .yaml, .yml or .json files in this directory");
        }
        for (Path f : files) {
          out.addAll(parse(f.toString(), read(f)));
        }
      } else if (Files.isRegularFile(p)) {
        out.addAll(parse(input, read(p)));
      } else {
        throw new ManifestException(input + ": no such file or directory");
      }
    }
    if (out.isEmpty()) {
      throw new ManifestException(String.join(", ", inputs) + ": no objects found (only empty documents)");
    }
    return out;
  }

  static List<Path> filesOf(Path dir) throws ManifestException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
          })
          .sorted(Comparator.comparing(f -> f.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new ManifestException(dir + ": cannot list the directory: " + e.getMessage());
    }
  }

  private static String read(Path f) throws ManifestException {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ManifestException(f + ": cannot read: " + e.getMessage());
    }
  }

  /** The objects of one file's text; {@code source} names the file in messages. */
  public static List<Manifest> parse(String source, String text) throws ManifestException {
    List<JsonNode> docs = new ArrayList<>();
    // a parser, not readValues: that would take a top-level array for a sequence of documents
    try (JsonParser p = YAML.createParser(text)) {
      while (p.nextToken() != null) {
        docs.add(YAML.readTree(p));
      }
    } catch (JacksonException e) {
      TokenStreamLocation l = e.getLocation();
      String where = l == null || l.getLineNr() < 0 ? "" : ": line " + l.getLineNr();
      throw new ManifestException(source + where + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
    }
    List<Manifest> out = new ArrayList<>();
    int n = 0;
    int nonEmpty = 0;
    for (JsonNode doc : docs) {
      n++;
      if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
        continue;
      }
      nonEmpty++;
      String where = docs.size() > 1 ? source + " (document " + n + ")" : source;
      if (!doc.isObject()) {
        throw new ManifestException(where + ": expected an object with apiVersion, kind and metadata, found " + doc.getNodeType().toString().toLowerCase(Locale.ROOT));
      }
      ObjectNode o = (ObjectNode) doc;
      if (o.path("kind").asString("").equals("List") && o.path("items").isArray()) {
        int i = 0;
        for (JsonNode item : o.path("items")) {
          String itemWhere = where + " item " + i++;
          if (!item.isObject()) {
            throw new ManifestException(itemWhere + ": expected an object");
          }
          out.add(check(new Manifest(itemWhere, (ObjectNode) item)));
        }
        continue;
      }
      out.add(check(new Manifest(where, o)));
    }
    return out;
  }

  private static Manifest check(Manifest m) throws ManifestException {
    List<String> missing = new ArrayList<>();
    if (m.apiVersion().isEmpty()) {
      missing.add("apiVersion");
    }
    if (m.kind().isEmpty()) {
      missing.add("kind");
    }
    if (m.name().isEmpty()) {
      missing.add("metadata.name");
    }
    if (!missing.isEmpty()) {
      throw new ManifestException(m.source() + ": " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set");
    }
    return m;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
