package dev.berth.api.table;

import java.util.ArrayList;
import java.util.List;

/** Upstream {@code GetAccessModesAsString}: {@code RWO,ROX,RWX,RWOP} in that fixed order. */
final class AccessModes {
  private AccessModes() {}

  static String abbreviate(List<String> modes) {
    List<String> out = new ArrayList<>();
    if (modes.contains("ReadWriteOnce")) {
      out.add("RWO");
    }
    if (modes.contains("ReadOnlyMany")) {
      out.add("ROX");
    }
    if (modes.contains("ReadWriteMany")) {
      out.add("RWX");
    }
    if (modes.contains("ReadWriteOncePod")) {
      out.add("RWOP");
    }
    return String.join(",", out);
  }
}
