package dev.berth.api.validation;

import dev.berth.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ValidateNonSpecialIP} / {@code ValidateEndpointIP}: endpoint and external IPs may not be
 * unspecified, loopback, link-local or link-local multicast.
 *
 * <p>berth difference: endpoint addresses (Endpoints, EndpointSlices) may be loopback, because
 * berth gives every pod an address of its own from 127.1.0.0/16 on the loopback device (see
 * ARCHITECTURE.md, "Addresses"). Any 127.0.0.0/8 address is accepted so that a configured pod range
 * elsewhere in it works too. Service {@code externalIPs} keep upstream's rule.
 */
final class EndpointAddresses {
  private EndpointAddresses() {}

  static List<FieldError> nonSpecial(String ip, FieldPath path, boolean allowLoopback) {
    List<FieldError> errs = new ArrayList<>();
    Optional<byte[]> parsed = IpLiterals.parse(ip);
    if (parsed.isEmpty()) {
      errs.add(FieldError.invalid(path.toString(), ip, "must be a valid IP address"));
      return errs;
    }
    byte[] b = parsed.get();
    if (IpLiterals.isUnspecified(b)) {
      errs.add(FieldError.invalid(path.toString(), ip, "may not be unspecified (" + ip + ")"));
    }
    if (IpLiterals.isLoopback(b) && !allowLoopback) {
      errs.add(FieldError.invalid(path.toString(), ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
    }
    if (IpLiterals.isLinkLocalUnicast(b)) {
      errs.add(FieldError.invalid(path.toString(), ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
    }
    if (IpLiterals.isLinkLocalMulticast(b)) {
      errs.add(FieldError.invalid(path.toString(), ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
    }
    return errs;
  }
}
