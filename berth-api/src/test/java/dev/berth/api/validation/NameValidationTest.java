package dev.berth.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NameValidationTest {

  static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
      + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
      + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  static final String LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
      + "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
      + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  static final String DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
      + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
      + "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

  record Case(String name, Function<String, List<String>> check, String input, List<String> expected) {
    @Override
    public String toString() {
      return name + " " + input;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("subdomain ok", NameValidation::dns1123Subdomain, "example.com", List.of()),
        new Case("subdomain upper", NameValidation::dns1123Subdomain, "A_B", List.of(SUBDOMAIN)),
        new Case("subdomain too long", NameValidation::dns1123Subdomain, "a".repeat(254), List.of("must be no more than 253 characters")),
        new Case("label ok", NameValidation::dns1123Label, "web-0", List.of()),
        new Case("label with dots", NameValidation::dns1123Label, "a.b", List.of("must not contain dots")),
        new Case("label bad", NameValidation::dns1123Label, "Web", List.of(LABEL)),
        new Case("label too long", NameValidation::dns1123Label, "a".repeat(64), List.of("must be no more than 63 characters")),
        new Case("1035 ok", NameValidation::dns1035Label, "nginx", List.of()),
        new Case("1035 leading digit", NameValidation::dns1035Label, "1web", List.of(DNS1035)),
        new Case("qualified ok", NameValidation::qualifiedName, "app.kubernetes.io/name", List.of()),
        new Case("qualified empty prefix", NameValidation::qualifiedName, "/a", List.of("prefix part must be non-empty")),
        new Case("qualified bad name", NameValidation::qualifiedName, "a/-b", List.of("name part must consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
            + "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")),
        new Case("label value ok", NameValidation::labelValue, "", List.of()),
        new Case("port name ok", NameValidation::portName, "http-web", List.of()),
        new Case("port name too long", NameValidation::portName, "abcdefghijklmnop", List.of("must be no more than 15 characters")),
        new Case("port name digits", NameValidation::portName, "8080", List.of("must contain at least one letter (a-z)")),
        new Case("port name hyphens", NameValidation::portName, "-a--b", List.of("must not contain consecutive hyphens",
            "must not begin or end with a hyphen")),
        new Case("config key", NameValidation::configMapKey, "..a", List.of("must not start with '..'")),
        new Case("env name", NameValidation::envVarName, "1X", List.of("a valid environment variable name must consist of "
            + "alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or "
            + "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void checksNamesWithUpstreamMessages(Case c) {
    assertThat(c.check().apply(c.input())).as("messages for %s", c).isEqualTo(c.expected());
  }
}
