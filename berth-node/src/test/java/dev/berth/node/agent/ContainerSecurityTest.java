package dev.berth.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.runtime.ContainerLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code spec/kubelet.md} §10.1. */
class ContainerSecurityTest {

  private static Pod pod(PodSecurityContext psc) {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").withUid("u1").endMetadata().withNewSpec()
        .withSecurityContext(psc).endSpec().build();
  }

  private static Container container(SecurityContext sc) {
    return new ContainerBuilder().withName("app").withSecurityContext(sc).build();
  }

  @Test
  void nothingSetRunsAsBerthsOwnUser() {
    assertThat(ContainerSecurity.runAs(pod(null), container(null))).isNull();
  }

  @Test
  void theContainerOverridesThePodFieldByFieldAndFsGroupJoinsTheGroups() {
    Pod pod = pod(new PodSecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(1000L).withFsGroup(2000L)
        .withSupplementalGroups(3000L, 2000L).build());
    assertThat(ContainerSecurity.runAs(pod, container(new SecurityContextBuilder().withRunAsUser(1001L).build())))
        .isEqualTo(new ContainerLaunch.RunAs(1001L, 1000L, List.of(3000L, 2000L), false));
    assertThat(ContainerSecurity.runAs(pod(null), container(new SecurityContextBuilder().withAllowPrivilegeEscalation(false).build())))
        .isEqualTo(new ContainerLaunch.RunAs(null, null, List.of(), true));
  }

  @Test
  void runAsNonRootIsCheckedAgainstRunAsUserOrBerthsUser() {
    SecurityContext nonRoot = new SecurityContextBuilder().withRunAsNonRoot(true).build();
    assertThat(ContainerSecurity.runAsNonRootViolation(pod(null), container(nonRoot), 1000)).isEmpty();
    assertThat(ContainerSecurity.runAsNonRootViolation(pod(null), container(nonRoot), 0))
        .contains("container has runAsNonRoot and image will run as root (pod: \"web-0_default(u1)\", container: app)");
    assertThat(ContainerSecurity.runAsNonRootViolation(pod(new PodSecurityContextBuilder().withRunAsUser(0L).build()), container(nonRoot), 1000))
        .contains("container's runAsUser breaks non-root policy (pod: \"web-0_default(u1)\", container: app)");
    assertThat(ContainerSecurity.runAsNonRootViolation(pod(new PodSecurityContextBuilder().withRunAsNonRoot(true).build()),
        container(new SecurityContextBuilder().withRunAsNonRoot(false).build()), 0)).as("the container's false wins").isEqualTo(Optional.empty());
  }
}
