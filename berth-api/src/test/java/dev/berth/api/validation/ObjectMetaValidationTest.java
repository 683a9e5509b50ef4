package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectMetaValidationTest {

  static final FieldPath META = FieldPath.of("metadata");

  record Case(String name, ObjectMeta meta, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static ObjectMeta meta(UnaryOperator<ObjectMetaBuilder> f) {
    return f.apply(new ObjectMetaBuilder().withName("web").withNamespace("default")).build();
  }

  static Stream<Case> createCases() {
    return Stream.of(
        new Case("valid", meta(b -> b.withLabels(Map.of("app", "web"))), List.of()),
        new Case("no name", meta(b -> b.withName(null)), List.of("metadata.name: Required value: name or generateName is required")),
        new Case("bad name", meta(b -> b.withName("A_B")),
            List.of("metadata.name: Invalid value: \"A_B\": " + NameValidationTest.SUBDOMAIN)),
        new Case("generateName with trailing dash", meta(b -> b.withName(null).withGenerateName("web-")), List.of()),
        new Case("bad generateName", meta(b -> b.withName(null).withGenerateName("Web-")),
            List.of("metadata.generateName: Invalid value: \"Web-\": " + NameValidationTest.SUBDOMAIN)),
        new Case("no namespace", meta(b -> b.withNamespace(null)), List.of("metadata.namespace: Required value")),
        new Case("bad label value", meta(b -> b.withLabels(Map.of("app", "a b"))), List.of("metadata.labels: Invalid value: \"a b\": "
            + "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and "
            + "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")),
        new Case("annotations too large", meta(b -> b.withAnnotations(Map.of("a", "x".repeat(256 * 1024)))),
            List.of("metadata.annotations: Too long: may not be more than 262144 bytes")),
        new Case("owner without uid", meta(b -> b.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
            .withKind("StatefulSet").withName("web").build())), List.of("metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty")),
        new Case("two controllers", meta(b -> b.withOwnerReferences(
            new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName("a").withUid("1").withController(true).build(),
            new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName("b").withUid("2").withController(true).build())),
            List.of("metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:\"apps/v1\", "
                + "Kind:\"StatefulSet\", Name:\"a\", UID:\"1\", Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}, "
                + "v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"StatefulSet\", Name:\"b\", UID:\"2\", "
                + "Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set "
                + "to true. Found \"true\" in references for StatefulSet/a and StatefulSet/b")),
        new Case("unqualified finalizer", meta(b -> b.withFinalizers("foo")),
            List.of("metadata.finalizers[0]: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified")),
        new Case("orphan and foreground", meta(b -> b.withFinalizers("orphan", "foregroundDeletion")),
            List.of("metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and "
                + "foregroundDeletion cannot be both set")));
  }

  @ParameterizedTest
  @MethodSource("createCases")
  void validatesNewMetadata(Case c) {
    assertThat(lines(ObjectMetaValidation.validate(c.meta(), true, NameValidation.DNS1123_SUBDOMAIN, META)))
        .as("errors for %s", c).isEqualTo(c.expected());
  }

  static final ObjectMeta STORED = new ObjectMetaBuilder().withName("web").withNamespace("default").withUid("u-1")
      .withCreationTimestamp("2024-05-01T10:00:00Z").withResourceVersion("7").build();

  static Stream<Case> updateCases() {
    return Stream.of(
        new Case("labels change", new ObjectMetaBuilder(STORED).withLabels(Map.of("a", "b")).build(), List.of()),
        new Case("uid omitted keeps the stored one", new ObjectMetaBuilder(STORED).withUid(null).withCreationTimestamp(null).build(), List.of()),
        new Case("uid changed", new ObjectMetaBuilder(STORED).withUid("u-2").build(),
            List.of("metadata.uid: Invalid value: \"u-2\": field is immutable")),
        new Case("name changed", new ObjectMetaBuilder(STORED).withName("other").build(),
            List.of("metadata.name: Invalid value: \"other\": field is immutable")),
        new Case("namespace changed", new ObjectMetaBuilder(STORED).withNamespace("kube-system").build(),
            List.of("metadata.namespace: Invalid value: \"kube-system\": field is immutable")),
        new Case("creationTimestamp changed", new ObjectMetaBuilder(STORED).withCreationTimestamp("2024-05-02T10:00:00Z").build(),
            List.of("metadata.creationTimestamp: Invalid value: 2024-05-02 10:00:00 +0000 UTC: field is immutable")));
  }

  @ParameterizedTest
  @MethodSource("updateCases")
  void keepsIdentityImmutable(Case c) {
    assertThat(lines(ObjectMetaValidation.validateUpdate(c.meta(), STORED, META))).as("errors for %s", c).isEqualTo(c.expected());
  }

  @Test
  void addsNoFinalizerOnceDeleting() {
    ObjectMeta deleting = new ObjectMetaBuilder(STORED).withDeletionTimestamp("2024-05-03T10:00:00Z").withFinalizers("kubernetes").build();
    ObjectMeta update = new ObjectMetaBuilder(deleting).withFinalizers("kubernetes", "example.com/x").build();
    assertThat(lines(ObjectMetaValidation.validateUpdate(update, deleting, META))).containsExactly(
        "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers "
            + "[]string{\"example.com/x\"}");
    ObjectMeta removing = new ObjectMetaBuilder(deleting).withFinalizers().build();
    assertThat(ObjectMetaValidation.validateUpdate(removing, deleting, META)).as("removing finalizers is how deletion finishes").isEmpty();
  }
}
