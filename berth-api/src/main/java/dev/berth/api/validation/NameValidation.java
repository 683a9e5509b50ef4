package dev.berth.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The string checks of {@code k8s.io/apimachinery/pkg/util/validation} and the name functions of
 * {@code pkg/api/validation/generic.go}, with upstream's exact messages. Each check returns the
 * list of messages (empty when valid); callers wrap them in {@code Invalid} field errors.
 */
public final class NameValidation {
  private NameValidation() {}

  /**
   * Validates an object name; {@code prefix} is true for {@code generateName}, where a trailing
   * dash is allowed (upstream masks the last two characters as {@code "a"}).
   */
  @FunctionalInterface
  public interface NameRule {
    List<String> check(String name, boolean prefix);
  }

  public static final NameRule DNS1123_SUBDOMAIN = (n, p) -> dns1123Subdomain(p ? maskTrailingDash(n) : n);
  public static final NameRule DNS1123_LABEL = (n, p) -> dns1123Label(p ? maskTrailingDash(n) : n);
  public static final NameRule DNS1035_LABEL = (n, p) -> dns1035Label(p ? maskTrailingDash(n) : n);
  /** {@code path.ValidatePathSegmentName}: the rule every object name must pass to sit in a URL. */
  public static final NameRule PATH_SEGMENT = (n, p) -> pathSegmentName(n, p);

  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
  private static final String ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";
  private static final String PERCENT_FMT = "[0-9]+%";
  private static final String C_IDENTIFIER_FMT = "[A-Za-z_][A-Za-z0-9_]*";
  private static final String HTTP_HEADER_NAME_FMT = "[-A-Za-z0-9]+";

  private static final Pattern DNS1123_LABEL_RE = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN_RE = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern DNS1035_LABEL_RE = Pattern.compile(DNS1035_LABEL_FMT);
  private static final Pattern QUALIFIED_NAME_RE = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE_RE = Pattern.compile(LABEL_VALUE_FMT);
  private static final Pattern CONFIG_MAP_KEY_RE = Pattern.compile(CONFIG_MAP_KEY_FMT);
  private static final Pattern ENV_VAR_NAME_RE = Pattern.compile(ENV_VAR_NAME_FMT);
  private static final Pattern PERCENT_RE = Pattern.compile(PERCENT_FMT);
  private static final Pattern C_IDENTIFIER_RE = Pattern.compile(C_IDENTIFIER_FMT);
  private static final Pattern HTTP_HEADER_NAME_RE = Pattern.compile(HTTP_HEADER_NAME_FMT);
  private static final Pattern PORT_NAME_CHARSET_RE = Pattern.compile("[-a-z0-9]+");
  private static final Pattern PORT_NAME_ONE_LETTER_RE = Pattern.compile(".*[a-z].*", Pattern.DOTALL);

  public static final int DNS1123_LABEL_MAX = 63;
  public static final int DNS1123_SUBDOMAIN_MAX = 253;
  public static final int DNS1035_LABEL_MAX = 63;
  public static final int LABEL_VALUE_MAX = 63;
  public static final int QUALIFIED_NAME_MAX = 63;

  public static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (utf8Length(value) > DNS1123_LABEL_MAX) {
      errs.add(maxLenError(DNS1123_LABEL_MAX));
    }
    if (!DNS1123_LABEL_RE.matcher(value).matches()) {
      if (DNS1123_SUBDOMAIN_RE.matcher(value).matches()) {
        errs.add("must not contain dots");
      } else {
        errs.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
            + "start and end with an alphanumeric character", DNS1123_LABEL_FMT, "my-name", "123-abc"));
      }
    }
    return errs;
  }

  public static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) {
      errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
    }
    if (!DNS1123_SUBDOMAIN_RE.matcher(value).matches()) {
      errs.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
          + "must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  public static List<String> dns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (utf8Length(value) > DNS1035_LABEL_MAX) {
      errs.add(maxLenError(DNS1035_LABEL_MAX));
    }
    if (!DNS1035_LABEL_RE.matcher(value).matches()) {
      errs.add(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
          + "alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  /** {@code IsQualifiedName}: label keys, annotation keys, finalizers, resource names. */
  public static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errs.add("prefix part " + emptyError());
        } else {
          for (String m : dns1123Subdomain(prefix)) {
            errs.add("prefix part " + m);
          }
        }
      }
      default -> {
        errs.add("a qualified name " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errs;
      }
    }
    if (name.isEmpty()) {
      errs.add("name part " + emptyError());
    } else if (utf8Length(name) > QUALIFIED_NAME_MAX) {
      errs.add("name part " + maxLenError(QUALIFIED_NAME_MAX));
    }
    if (!QUALIFIED_NAME_RE.matcher(name).matches()) {
      errs.add("name part " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  private static final String QUALIFIED_NAME_ERR =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

  public static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (utf8Length(value) > LABEL_VALUE_MAX) {
      errs.add(maxLenError(LABEL_VALUE_MAX));
    }
    if (!LABEL_VALUE_RE.matcher(value).matches()) {
      errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
          + "must start and end with an alphanumeric character", LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** {@code IsConfigMapKey}: keys of ConfigMap and Secret data, and of key selectors. */
  public static List<String> configMapKey(String value) {
    List<String> errs = new ArrayList<>();
    if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) {
      errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
    }
    if (!CONFIG_MAP_KEY_RE.matcher(value).matches()) {
      errs.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT,
          "key.name", "KEY_NAME", "key-name"));
    }
    errs.addAll(chDirPrefix(value));
    return errs;
  }

  public static List<String> envVarName(String value) {
    List<String> errs = new ArrayList<>();
    if (!ENV_VAR_NAME_RE.matcher(value).matches()) {
      errs.add(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
          + "and must not start with a digit", ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
    }
    errs.addAll(chDirPrefix(value));
    return errs;
  }

  public static List<String> cIdentifier(String value) {
    if (!C_IDENTIFIER_RE.matcher(value).matches()) {
      return List.of(regexError("a valid C identifier must start with alphabetic character or '_', followed by a string of "
          + "alphanumeric characters or '_'", C_IDENTIFIER_FMT, "my_name", "MY_NAME", "MyName"));
    }
    return List.of();
  }

  /** {@code IsValidPortName}: an IANA_SVC_NAME, at most 15 characters. */
  public static List<String> portName(String port) {
    List<String> errs = new ArrayList<>();
    if (utf8Length(port) > 15) {
      errs.add(maxLenError(15));
    }
    if (!PORT_NAME_CHARSET_RE.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!PORT_NAME_ONE_LETTER_RE.matcher(port).matches()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /** {@code IsValidPortNum}: 1 to 65535. */
  public static List<String> portNumber(long port) {
    return 1 <= port && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
  }

  public static List<String> percent(String value) {
    if (!PERCENT_RE.matcher(value).matches()) {
      return List.of(regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT,
          "1%", "93%"));
    }
    return List.of();
  }

  public static List<String> httpHeaderName(String value) {
    if (!HTTP_HEADER_NAME_RE.matcher(value).matches()) {
      return List.of(regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_NAME_FMT,
          "X-Header-Name"));
    }
    return List.of();
  }

  /** {@code IsValidUserID} / {@code IsValidGroupID}: 0 to 2^31-1. */
  public static List<String> unixId(long id) {
    return 0 <= id && id <= Integer.MAX_VALUE ? List.of() : List.of(inclusiveRangeError(0, Integer.MAX_VALUE));
  }

  static List<String> pathSegmentName(String name, boolean prefix) {
    List<String> errs = new ArrayList<>();
    if (!prefix && (name.equals(".") || name.equals(".."))) {
      errs.add("may not be '" + name + "'");
    }
    if (name.contains("/")) {
      errs.add("may not contain '/'");
    }
    if (name.contains("%")) {
      errs.add("may not contain '%'");
    }
    return errs;
  }

  /** Upstream's {@code maskTrailingDash}: {@code "web-"} is checked as {@code "wea"}. */
  static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 2) + "a";
    }
    return name;
  }

  private static List<String> chDirPrefix(String value) {
    if (value.equals(".")) {
      return List.of("must not be '.'");
    }
    if (value.equals("..")) {
      return List.of("must not be '..'");
    }
    if (value.startsWith("..")) {
      return List.of("must not start with '..'");
    }
    return List.of();
  }

  public static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  public static String emptyError() {
    return "must be non-empty";
  }

  public static String inclusiveRangeError(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  /** {@code RegexError}: {@code msg (e.g. 'a' or 'b', regex used for validation is 'fmt')}. */
  public static String regexError(String msg, String fmt, String... examples) {
    if (examples.length == 0) {
      return msg + " (regex used for validation is '" + fmt + "')";
    }
    StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        s.append(" or ");
      }
      s.append('\'').append(examples[i]).append("', ");
    }
    return s.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  /** Go measures strings in bytes; so do the length limits. */
  static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
