package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.probe.ProbeResult;
import dev.berth.node.runtime.testing.FakeProcessLauncher.FakeProcess;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A random driver, as STYLE.md asks of algorithms with many interleavings: pods are created,
 * deleted (with any grace, forced or not), their processes exit with random codes, probes flip,
 * time passes and berth itself is restarted with its processes left running — and after every step
 * the invariants hold. Seeded: a failure names its seed and step. {@code -Dseeds=300} runs more.
 */
class NodeAgentRandomTest {
  private static final List<String> NAMES = List.of("web-0", "web-1", "web-2");
  private static final Probe LIVENESS = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withNewPort(8080).endHttpGet()
      .withPeriodSeconds(5).withFailureThreshold(2).build();

  @Test
  void invariantsHoldUnderRandomEvents() {
    for (long seed = 1; seed <= Long.getLong("seeds", 10); seed++) {
      run(seed, 80);
    }
  }

  private void run(long seed, int steps) {
    Random random = new Random(seed);
    NodeAgentFixture f = new NodeAgentFixture();
    Map<String, Integer> restartCounts = new HashMap<>();
    for (int step = 0; step < steps; step++) {
      String what = act(f, random);
      if (what.equals("restart berth")) {
        NodeAgentFixture next = new NodeAgentFixture(f.clock, f.client);
        for (FakeProcess p : f.launcher.live()) {
          next.launcher.addSurvivor(p.podUid(), p.containerName(), p.attempt(), p.startedAt());
        }
        f = next;
        f.settle();
      }
      f.settle();
      String where = "seed " + seed + ", step " + step + " (" + what + ")";
      checkInvariants(f, restartCounts, where);
    }
    // Everything deleted, everything stops and every address is freed.
    for (Pod p : f.client.list(Pod.class, "default", null).items()) {
      f.client.delete(Pod.class, "default", p.getMetadata().getName(), null);
    }
    f.advanceSeconds(35);
    assertThat(f.client.list(Pod.class, "default", null).items()).as("seed " + seed + ": pods left").isEmpty();
    assertThat(f.launcher.live()).as("seed " + seed + ": processes left").isEmpty();
    assertThat(f.sandboxes.addressesInUse()).as("seed " + seed + ": addresses left").isZero();
  }

  private String act(NodeAgentFixture f, Random random) {
    String name = NAMES.get(random.nextInt(NAMES.size()));
    Pod pod = f.get(name);
    switch (random.nextInt(10)) {
      case 0, 1 -> {
        if (pod != null) {
          return "create " + name + " (exists)";
        }
        String policy = List.of("Always", "OnFailure", "Never").get(random.nextInt(3));
        var app = new ContainerBuilder(container("app", "sleep", "3600"));
        if (random.nextBoolean()) {
          app.withLivenessProbe(LIVENESS);
        }
        f.create(podBuilder(name, app.build(), container("worker", "sleep", "60")).editSpec().withRestartPolicy(policy)
            .withTerminationGracePeriodSeconds((long) random.nextInt(10)).endSpec().build());
        return "create " + name + " " + policy;
      }
      case 2, 3 -> {
        List<FakeProcess> live = f.launcher.live();
        if (live.isEmpty()) {
          return "exit (none live)";
        }
        FakeProcess p = live.get(random.nextInt(live.size()));
        int code = List.of(0, 1, 137).get(random.nextInt(3));
        f.launcher.exit(p, code);
        f.settle();
        return "exit " + p + " " + code;
      }
      case 4 -> {
        if (pod == null) {
          return "delete " + name + " (absent)";
        }
        long grace = List.of(0L, 1L, 5L, 30L).get(random.nextInt(4));
        f.client.delete(Pod.class, "default", name, new DeleteOptionsBuilder().withGracePeriodSeconds(grace).build());
        f.settle();
        return "delete " + name + " grace " + grace;
      }
      case 5 -> {
        f.probes.set("app", LIVENESS, random.nextBoolean() ? ProbeResult.SUCCESS : new ProbeResult.Failure("HTTP probe failed"));
        int handler = random.nextInt(3);
        f.launcher.exitOnSigterm(handler == 0 ? null : handler == 1 ? 0 : 143);
        return "flip probes and SIGTERM handling";
      }
      case 6 -> {
        return random.nextInt(4) == 0 ? "restart berth" : "nothing";
      }
      default -> {
        int seconds = random.nextInt(15);
        f.advanceSeconds(seconds);
        return "advance " + seconds + "s";
      }
    }
  }

  private static void checkInvariants(NodeAgentFixture f, Map<String, Integer> restartCounts, String where) {
    Map<String, Long> perContainer = f.launcher.live().stream().collect(Collectors.groupingBy(p -> p.podUid() + "/" + p.containerName(),
        Collectors.counting()));
    assertThat(perContainer.values()).as(where + ": never two live processes for one container " + perContainer).allMatch(n -> n == 1);

    Map<String, String> addresses = new HashMap<>();
    for (Pod p : f.client.list(Pod.class, "default", null).items()) {
      String uid = p.getMetadata().getUid();
      String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        assertThat(f.launcher.live(uid)).as(where + ": a finished pod runs nothing: " + p.getMetadata().getName()).isEmpty();
      }
      String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
      if (ip != null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
        String other = addresses.put(ip, p.getMetadata().getName());
        assertThat(other).as(where + ": two pods with address " + ip).isNull();
      }
      if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
        for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
          var process = f.launcher.running(uid, cs.getName());
          if (cs.getState().getRunning() != null) {
            assertThat(process).as(where + ": the status of " + p.getMetadata().getName() + "/" + cs.getName()
                + " says running, so a process runs").isPresent();
            assertThat(ContainerIds.of(uid, cs.getName(), process.get().attempt())).as(where + ": and it is that instance")
                .isEqualTo(cs.getContainerID());
          } else if (p.getMetadata().getDeletionTimestamp() == null) {
            assertThat(process).as(where + ": " + p.getMetadata().getName() + "/" + cs.getName() + " is not running by its status")
                .isEmpty();
          }
          String k = uid + "/" + cs.getName();
          int before = restartCounts.getOrDefault(k, 0);
          assertThat(cs.getRestartCount()).as(where + ": restartCount of " + k + " never goes back").isGreaterThanOrEqualTo(before);
          restartCounts.put(k, cs.getRestartCount());
        }
      }
    }
  }
}
