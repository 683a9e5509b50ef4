package dev.berth.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {
  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @TempDir
  Path dir;

  @Test
  void multiDocumentYamlSkipsEmptyDocumentsAndNamesEachDocument() throws Exception {
    List<Manifest> ms = ManifestLoader.parse("web.yaml", """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: nginx}
        ---
        # only a comment
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web, namespace: shop}
        """);
    assertThat(ms).extracting(Manifest::displayName).containsExactly("service/nginx", "statefulset.apps/web");
    assertThat(ms.get(1).namespace()).isEqualTo("shop");
    assertThat(ms.get(0).namespace()).isNull();
    assertThat(ms.get(1).source()).isEqualTo("web.yaml (document 3)");
  }

  @Test
  void aDirectoryContributesItsManifestFilesInNameOrderAndNotItsSubdirectories() throws Exception {
    Files.writeString(dir.resolve("20-web.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n");
    Files.writeString(dir.resolve("10-svc.yml"), "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");
    Files.writeString(dir.resolve("30-cm.json"), "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
    Files.writeString(dir.resolve("README.md"), "not a manifest");
    Files.createDirectory(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/x.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
    List<Manifest> ms = ManifestLoader.load(List.of(dir.toString()), NO_STDIN);
    assertThat(ms).extracting(Manifest::name).containsExactly("a", "b", "c");
  }

  @Test
  void filesAndStdinInTheOrderGiven() throws Exception {
    Path f = Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
    InputStream stdin = new ByteArrayInputStream("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(ManifestLoader.load(List.of("-", f.toString()), stdin)).extracting(Manifest::name).containsExactly("s", "p");
  }

  @Test
  void aListContributesItsItems() throws Exception {
    List<Manifest> ms = ManifestLoader.parse("l.yaml", """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: one}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: two}}
        """);
    assertThat(ms).extracting(Manifest::name).containsExactly("one", "two");
  }

  record Bad(String text, String message) {}

  @Test
  void badManifestsSayWhereAndWhat() {
    List<Bad> cases = List.of(
        new Bad("apiVersion: v1\nkind: Pod\nmetadata: {}\n", "bad.yaml: metadata.name is not set"),
        new Bad("kind: Pod\nmetadata: {name: x}\n", "bad.yaml: apiVersion is not set"),
        new Bad("metadata: {name: x}\n", "bad.yaml: apiVersion, kind are not set"),
        new Bad("- a\n- b\n", "bad.yaml: expected an object with apiVersion, kind and metadata, found array"),
        new Bad("apiVersion: v1\nkind: Pod\nmetadata: {name: x\n", "bad.yaml: line "));
    for (Bad c : cases) {
      assertThatThrownBy(() -> ManifestLoader.parse("bad.yaml", c.text()))
          .as("for %s", c.text())
          .isInstanceOf(ManifestException.class)
          .hasMessageStartingWith(c.message());
    }
  }

  @Test
  void missingInputsAndEmptyDirectoriesAreErrors() throws Exception {
    assertThatThrownBy(() -> ManifestLoader.load(List.of(), NO_STDIN)).hasMessageContaining("no manifests given");
    assertThatThrownBy(() -> ManifestLoader.load(List.of(dir.resolve("nope.yaml").toString()), NO_STDIN))
        .hasMessageEndingWith("nope.yaml: no such file or directory");
    assertThatThrownBy(() -> ManifestLoader.load(List.of(dir.toString()), NO_STDIN)).hasMessageContaining("no .yaml, .yml or .json files");
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "---\n---\n");
    assertThatThrownBy(() -> ManifestLoader.load(List.of(empty.toString()), NO_STDIN)).hasMessageContaining("no objects found");
  }

  @Test
  void applyOrderPutsWhatOthersReferToFirstAndKeepsFileOrderWithinAKind() throws Exception {
    List<Manifest> ms = ManifestLoader.parse("all.yaml", """
        {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: web}}
        ---
        {apiVersion: v1, kind: Service, metadata: {name: nginx}}
        ---
        {apiVersion: apps/v1, kind: Deployment, metadata: {name: api}}
        ---
        {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}}
        ---
        {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
        ---
        {apiVersion: v1, kind: Pod, metadata: {name: solo}}
        """);
    assertThat(ApplyOrder.sort(ms)).extracting(Manifest::displayName).containsExactly(
        "namespace/shop", "configmap/cfg", "service/nginx", "statefulset.apps/web", "deployment.apps/api", "pod/solo");
  }
}
