package dev.berth.node.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expansion of command, args, probe commands and subPathExpr ({@code spec/kubelet.md} §6.2, §4.4). */
class ContainerCommandsTest {

  @Test
  void commandAndArgsSeeTheWholeEnvironmentWhateverItsOrder() {
    Container c = new ContainerBuilder().withName("app").withCommand("sh", "-c").withArgs("echo $(GREETING) $$(GREETING) $(NOPE) $(LAST)")
        .build();
    ContainerCommands.Argv argv = ContainerCommands.expand(c, List.of(new EnvVar("GREETING", "hi", null), new EnvVar("LAST", "z", null)));
    assertThat(argv.command()).containsExactly("sh", "-c");
    assertThat(argv.args()).containsExactly("echo hi $(GREETING) $(NOPE) z");
    assertThat(ContainerCommands.expand(new ContainerBuilder().withName("x").build(), List.of()))
        .isEqualTo(new ContainerCommands.Argv(List.of(), List.of()));
  }

  @Test
  void probeCommandsSeeOnlyLiteralEnvValues() {
    Container c = new ContainerBuilder().withName("app").addNewEnv().withName("PORT").withValue("8080").endEnv()
        .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
        .endEnv().build();
    assertThat(ContainerCommands.expandProbeCommand(List.of("check", "$(PORT)", "[$(POD)]", "$(HOSTNAME)"), c))
        .containsExactly("check", "8080", "[]", "$(HOSTNAME)");
  }

  @Test
  void subPathExprNeedsEveryVariableNonEmpty() throws EnvException {
    List<EnvVar> env = List.of(new EnvVar("POD", "web-0", null), new EnvVar("EMPTY", "", null));
    assertThat(ContainerCommands.expandSubPath("logs/$(POD)", env)).isEqualTo("logs/web-0");
    assertThatThrownBy(() -> ContainerCommands.expandSubPath("$(ZONE)/$(EMPTY)/$(POD)", env)).isInstanceOf(EnvException.class)
        .hasMessage("missing value for EMPTY, ZONE");
  }
}
