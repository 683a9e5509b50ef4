package dev.berth.node.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OsTmpfsControlTest {
  @Test
  void mountPointsComeFromField5WithTheKernelsOctalEscapesUndone() {
    String mountinfo = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        95 22 0:52 / /data/pods/u1/volumes/kubernetes.io~secret/creds rw,relatime shared:50 - tmpfs tmpfs rw,mode=777
        96 22 0:53 / /data/my\\040pods/x rw,relatime shared:51 - tmpfs tmpfs rw,size=8192k
        """;
    assertThat(OsTmpfsControl.mountPoints(mountinfo)).containsExactly(Path.of("/"),
        Path.of("/data/pods/u1/volumes/kubernetes.io~secret/creds"), Path.of("/data/my pods/x"));
  }
}
