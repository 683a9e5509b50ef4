package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Every acknowledged write survives {@code kill -9} of the server; a watcher resuming from a
 * resourceVersion older than the history gets 410 and recovers by re-listing.
 */
class DurabilityIT extends ServerFixture {

  @Test
  void killMinus9DuringAStreamOfWritesLosesNoAcknowledgedWrite() throws Exception {
    Map<String, String> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    try (KubernetesClient c = server.fabric8()) {
      List<Thread> writers = new java.util.ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int id = w;
        writers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; !stop.get(); i++) {
            String name = "d-" + id + "-" + i;
            try {
              ConfigMap cm = c.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                  .withNewMetadata().withName(name).endMetadata().addToData("i", String.valueOf(i)).build()).create();
              acked.put(name, cm.getMetadata().getResourceVersion());
            } catch (RuntimeException e) {
              return; // the server is gone: this write was not acknowledged
            }
          }
        }));
      }
      while (acked.size() < 300) {
        Thread.sleep(20);
      }
      server.kill();
      stop.set(true);
      for (Thread t : writers) {
        t.join(30_000);
      }
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
    server.startProcess();
    kubectl = new Kubectl(server.kubeconfig(), Kubectl.tempCache());
    try (KubernetesClient c = server.fabric8()) {
      Map<String, ConfigMap> after = new java.util.HashMap<>();
      for (ConfigMap cm : c.configMaps().inNamespace("default").list().getItems()) {
        after.put(cm.getMetadata().getName(), cm);
      }
      for (var e : acked.entrySet()) {
        assertThat(after).as("acknowledged write %s (rv %s) survived kill -9", e.getKey(), e.getValue()).containsKey(e.getKey());
        assertThat(after.get(e.getKey()).getMetadata().getResourceVersion()).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void aWatchFromATooOldResourceVersionGets410AndTheClientRecoversByRelisting() throws Exception {
    try (BerthProcess small = BerthProcess.start(java.nio.file.Files.createTempDirectory("berth-it-410"), "--watch-history", "50");
        KubernetesClient c = small.fabric8()) {
      RawHttp http = new RawHttp(small.dataDir, small.url());
      String token = small.token();
      String startRv = c.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
      for (int i = 0; i < 80; i++) {
        c.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("old-" + i).endMetadata().build()).create();
      }
      HttpResponse<java.io.InputStream> probe = http.stream(
          "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&resourceVersion=" + startRv, token);
      String first;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(probe.body(), StandardCharsets.UTF_8))) {
        first = r.readLine();
      }
      assertThat(probe.statusCode()).isEqualTo(200);
      assertThat(first).contains("\"type\":\"ERROR\"").contains("\"code\":410").contains("\"reason\":\"Expired\"")
          .contains("too old resource version: " + startRv);
      // recovery: a re-list gives a current resourceVersion from which a watch resumes cleanly
      String listRv = c.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
      c.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("after-relist").endMetadata().build()).create();
      HttpResponse<String> fresh = http.send("GET",
          "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&resourceVersion=" + listRv, token, null, null);
      assertThat(fresh.statusCode()).isEqualTo(200);
      assertThat(fresh.body()).doesNotContain("\"code\":410").contains("\"type\":\"ADDED\"").contains("after-relist");
      // kubectl's informer-based wait lists, then watches, and sees a change made meanwhile
      Kubectl kc = new Kubectl(small.kubeconfig(), Kubectl.tempCache());
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(1500);
          c.configMaps().inNamespace("default").withName("after-relist").edit(cm -> new ConfigMapBuilder(cm).addToData("done", "yes").build());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(kc.ok("wait", "--for=jsonpath={.data.done}=yes", "cm/after-relist", "--timeout=30s")).contains("condition met");
    }
  }
}
