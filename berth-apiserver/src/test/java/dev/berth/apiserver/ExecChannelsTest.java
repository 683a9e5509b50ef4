package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The channel framing and the error channel's Status of {@code pods/exec} ({@code spec/api-server.md} §14.3). */
class ExecChannelsTest {

  @Test
  void aMessageIsTheChannelByteThenThePayload() {
    byte[] m = ExecChannels.frame(ExecChannels.STDOUT, "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(m).containsExactly(1, 'h', 'e', 'l', 'l', 'o');
    assertThat(ExecChannels.frame(ExecChannels.STDERR, "xabcx".getBytes(StandardCharsets.UTF_8), 1, 3)).containsExactly(2, 'a', 'b', 'c');
    assertThat(ExecChannels.channel(new byte[] {(byte) 255, 0})).as("the close channel reads as 255, not -1").isEqualTo(255);
    assertThat(ExecChannels.channel(new byte[0])).isEqualTo(-1);
    assertThat(ExecChannels.payload(new byte[] {0, 'x', 'y'})).containsExactly('x', 'y');
    assertThat(ExecChannels.payload(new byte[] {0})).isEmpty();
  }

  @Test
  void successIsABareStatus() {
    assertThat(Json.parse(ExecChannels.success())).isEqualTo(jsonNode("{'metadata':{},'status':'Success'}"));
  }

  @Test
  void aNonZeroExitCarriesTheCodeAsAnExitCodeCause() {
    assertThat(Json.parse(ExecChannels.exitCode(3))).as("what kubectl turns into 'command terminated with exit code 3'")
        .isEqualTo(jsonNode("{'metadata':{},'status':'Failure','message':'command terminated with non-zero exit code: exit status 3',"
            + "'reason':'NonZeroExitCode','details':{'causes':[{'reason':'ExitCode','message':'3'}]}}"));
  }

  @Test
  void aCommandThatCannotRunIsAnInternalError() {
    assertThat(Json.parse(ExecChannels.failure("no such file"))).isEqualTo(jsonNode("{'metadata':{},'status':'Failure',"
        + "'message':'Internal error occurred: no such file','reason':'InternalError','details':{'causes':[{'message':'no such file'}]},"
        + "'code':500}"));
  }

  @Test
  void resizeMessagesCarryWidthAndHeight() {
    assertThat(ExecChannels.terminalSize("{\"Width\":120,\"Height\":40}\n".getBytes(StandardCharsets.UTF_8)))
        .contains(new PodExec.TerminalSize(120, 40));
    assertThat(ExecChannels.terminalSize("garbage".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ExecChannels.terminalSize("{\"Width\":0,\"Height\":0}".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void v5IsPreferredAndOnlyV5HasTheCloseChannel() {
    assertThat(ExecChannels.Protocol.negotiate("v5.channel.k8s.io")).contains(ExecChannels.Protocol.V5);
    assertThat(ExecChannels.Protocol.negotiate("v4.channel.k8s.io, v5.channel.k8s.io")).contains(ExecChannels.Protocol.V5);
    assertThat(ExecChannels.Protocol.negotiate("v4.channel.k8s.io")).contains(ExecChannels.Protocol.V4);
    assertThat(ExecChannels.Protocol.negotiate("SPDY/3.1+portforward.k8s.io")).isEqualTo(Optional.empty());
    assertThat(ExecChannels.Protocol.negotiate(null)).isEmpty();
    assertThat(ExecChannels.Protocol.V5.hasClose()).isTrue();
    assertThat(ExecChannels.Protocol.V4.hasClose()).isFalse();
  }
}
