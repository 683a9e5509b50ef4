package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * StatefulSets with {@code volumeClaimTemplates} on berth's local-path provisioner ({@code
 * spec/statefulset.md} §4.3, §10, §15.2 #1, §15.7 "Non-retain PVC policy"): stable storage per
 * ordinal across pod deletion, scale-down/up and set re-creation, and the claim retention
 * policies. Each container records in its claim what it finds there, so a test reads back what an
 * earlier incarnation of the pod wrote.
 */
class StatefulSetStorageIT extends StatefulSetFixture {

  /**
   * A set {@code name} whose pods mount claim {@code datadir} at {@code /data}; each start prints
   * {@code host=<hostname> found=<what /data/hostname held>} and appends to {@code /data/starts}.
   */
  private static String withClaims(String name, int replicas, String spec) {
    String extra = spec.isBlank() ? "" : spec.stripTrailing().indent(2);
    String script = "echo host=$(hostname) found=$(cat /data/hostname 2>/dev/null || echo none) starts=$(cat /data/starts 2>/dev/null | wc -l); "
        + "[ -e /data/hostname ] || hostname > /data/hostname; echo start >> /data/starts; sync; " + HOLD;
    return """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: %1$s}
        spec:
          replicas: %2$d
          serviceName: test
          selector: {matchLabels: {app: %1$s}}
        %3$s  template:
            metadata: {labels: {app: %1$s}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: c
                image: busybox:1
                command: [sh, -c, "%4$s"]
                volumeMounts: [{name: datadir, mountPath: /data}]
                readinessProbe: {exec: {command: ["true"]}, periodSeconds: 1}
          volumeClaimTemplates:
          - metadata: {name: datadir}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Mi}}
        """.formatted(name, replicas, extra, script);
  }

  /** Claims are not deleted with the sets that retain them: remove them after each test (once no pod uses them). */
  @AfterEach
  void deleteClaims() throws Exception {
    deleteSetsAndPods();
    kr("delete", "pvc", "--all", "--timeout=60s");
  }

  private static List<String> claims(String set) {
    String out = k("get", "pvc", "-o", "jsonpath={.items[*].metadata.name}");
    return out.isBlank() ? List.of() : Arrays.stream(out.trim().split(" ")).filter(n -> n.startsWith("datadir-" + set + "-")).sorted().toList();
  }

  private static String firstLog(String pod) {
    await(pod + " logged its start", () -> {
      Kubectl.Result r = kr("logs", pod);
      return r.ok() && r.out().contains("host=");
    });
    return k("logs", pod).lines().filter(l -> l.startsWith("host=")).findFirst().orElseThrow();
  }

  private static Path volumeDir(String claim) {
    return server.dataDir.resolve("volumes").resolve("pvc-" + uidOf("pvc", claim) + "_default_" + claim);
  }

  /**
   * §15.2 #1 (basic identity) and §4.3: each pod's hostname is its name and it gets claim {@code
   * datadir-<pod>}, provisioned and bound; what a pod wrote there is read back by its replacement
   * after a pod deletion, after a scale to 0 and back (upstream's Restart), and after the set is
   * deleted (claims retained by default, without owners) and created again.
   */
  @Test
  void eachOrdinalKeepsItsClaimAcrossPodDeletionScalingAndSetRecreation() throws Exception {
    String ss = "ss";
    applyOk(withClaims(ss, 2, ""));
    awaitRunningAndReady(ss, 2);
    assertThat(firstLog("ss-0")).isEqualTo("host=ss-0 found=none starts=0");
    assertThat(firstLog("ss-1")).isEqualTo("host=ss-1 found=none starts=0");
    assertThat(claims(ss)).containsExactly("datadir-ss-0", "datadir-ss-1");
    assertThat(jp("pvc", "datadir-ss-1", "{.status.phase} {.spec.storageClassName}")).isEqualTo("Bound local-path");
    assertThat(jp("pod", "ss-1", "{.spec.volumes[?(@.name==\"datadir\")].persistentVolumeClaim.claimName}")).isEqualTo("datadir-ss-1");
    assertThat(jp("pod", "ss-1", "{.metadata.labels.apps\\.kubernetes\\.io/pod-index}")).isEqualTo("1");
    assertThat(jp("pvc", "datadir-ss-1", "{.metadata.labels.app}")).as("the selector's labels").isEqualTo("ss");
    assertThat(jp("pvc", "datadir-ss-1", "{.metadata.ownerReferences}")).as("Retain/Retain: no owners").isEmpty();
    Path dir1 = volumeDir("datadir-ss-1");
    assertThat(Files.readString(dir1.resolve("hostname"))).isEqualTo("ss-1\n");
    assertThat(events(ss)).contains("SuccessfulCreate: create Claim datadir-ss-0 Pod ss-0 in StatefulSet ss success");

    String uid = uidOf("pod", "ss-1");
    k("delete", "pod", "ss-1", "--timeout=60s");
    await("ss-1 recreated", () -> {
      Kubectl.Result r = kr("get", "pod", "ss-1", "-o", "jsonpath={.metadata.uid}");
      return r.ok() && !r.out().isEmpty() && !r.out().equals(uid);
    });
    awaitRunningAndReady(ss, 2);
    assertThat(firstLog("ss-1")).isEqualTo("host=ss-1 found=ss-1 starts=1");

    k("scale", "sts", ss, "--replicas=0");
    await("scaled to 0", () -> status(ss, "replicas").equals("0") && podCount(ss) == 0);
    assertThat(claims(ss)).as("claims survive a scale-down (whenScaled Retain)").containsExactly("datadir-ss-0", "datadir-ss-1");
    k("scale", "sts", ss, "--replicas=2");
    awaitRunningAndReady(ss, 2);
    assertThat(firstLog("ss-0")).isEqualTo("host=ss-0 found=ss-0 starts=1");
    assertThat(firstLog("ss-1")).isEqualTo("host=ss-1 found=ss-1 starts=2");

    k("delete", "sts", ss, "--timeout=60s");
    await("pods gone", () -> podCount(ss) == 0);
    assertThat(claims(ss)).as("claims survive the set (whenDeleted Retain)").containsExactly("datadir-ss-0", "datadir-ss-1");
    applyOk(withClaims(ss, 2, ""));
    awaitRunningAndReady(ss, 2);
    assertThat(firstLog("ss-1")).isEqualTo("host=ss-1 found=ss-1 starts=3");
    assertThat(volumeDir("datadir-ss-1")).isEqualTo(dir1);
  }

  /**
   * §10.2, §15.7 "should delete PVCs with a OnScaledown policy": with {@code whenScaled: Delete}
   * in-range claims have no owner; a scale-down gives the condemned pods' claims their pod as
   * owner, and they (and their volumes) go with the pods; a scale-up provisions a fresh claim.
   */
  @Test
  void whenScaledDeleteRemovesTheClaimsOfCondemnedPods() throws Exception {
    String ss = "sc";
    applyOk(withClaims(ss, 3, "podManagementPolicy: Parallel\npersistentVolumeClaimRetentionPolicy: {whenScaled: Delete}"));
    awaitRunningAndReady(ss, 3);
    assertThat(claims(ss)).containsExactly("datadir-sc-0", "datadir-sc-1", "datadir-sc-2");
    assertThat(jp("pvc", "datadir-sc-2", "{.metadata.ownerReferences}")).isEmpty();
    Path dir2 = volumeDir("datadir-sc-2");
    assertThat(dir2).isDirectory();

    k("scale", "sts", ss, "--replicas=1");
    await("only datadir-sc-0 left", () -> claims(ss).equals(List.of("datadir-sc-0")));
    await("sc-2's volume directory deleted", () -> !Files.exists(dir2));
    assertThat(jp("pvc", "datadir-sc-0", "{.metadata.ownerReferences}")).isEmpty();

    k("scale", "sts", ss, "--replicas=2");
    awaitRunningAndReady(ss, 2);
    assertThat(firstLog("sc-1")).as("a fresh claim").isEqualTo("host=sc-1 found=none starts=0");
  }

  /**
   * §10.2, §12, §15.7 "should delete PVCs with a WhenDeleted policy": with {@code whenDeleted:
   * Delete} every claim has the set as controller owner; an orphan delete strips it, so pods and
   * claims survive and a new set adopts both (and owns the claims again); a background delete then
   * removes pods and claims.
   */
  @Test
  void whenDeletedDeleteRemovesTheClaimsWithTheSetButNotOnAnOrphanDelete() throws Exception {
    String ss = "wd";
    String manifest = withClaims(ss, 2, "podManagementPolicy: Parallel\npersistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}");
    applyOk(manifest);
    awaitRunningAndReady(ss, 2);
    String setUid = uidOf("sts", ss);
    assertThat(jp("pvc", "datadir-wd-1", "{.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].uid} "
        + "{.metadata.ownerReferences[0].controller}")).isEqualTo("StatefulSet " + setUid + " true");

    k("delete", "sts", ss, "--cascade=orphan", "--timeout=60s");
    Thread.sleep(1000);
    assertThat(claims(ss)).containsExactly("datadir-wd-0", "datadir-wd-1");
    assertThat(jp("pvc", "datadir-wd-1", "{.metadata.ownerReferences}")).isEmpty();
    assertThat(podNames(ss)).containsExactly("wd-0", "wd-1");

    applyOk(manifest);
    String newUid = uidOf("sts", ss);
    await("the claims owned by the new set", () -> jp("pvc", "datadir-wd-0", "{.metadata.ownerReferences[0].uid}").equals(newUid)
        && jp("pvc", "datadir-wd-1", "{.metadata.ownerReferences[0].uid}").equals(newUid));
    await("the pods adopted", () -> jp("pod", "wd-1", "{.metadata.ownerReferences[0].uid}").equals(newUid));

    Path dir0 = volumeDir("datadir-wd-0");
    k("delete", "sts", ss, "--timeout=60s");
    await("pods and claims gone", Duration.ofSeconds(60), () -> podCount(ss) == 0 && claims(ss).isEmpty());
    await("their volumes deleted", () -> !Files.exists(dir0));
  }
}
