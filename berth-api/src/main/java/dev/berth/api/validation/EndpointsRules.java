package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import java.util.ArrayList;
import java.util.List;

/**
 * Legacy Endpoints: port {@code protocol: TCP} by default; {@code ValidateEndpoints} on create and
 * update. Addresses must be IPs; loopback addresses are accepted (berth's pod IPs are loopback
 * addresses, which upstream rejects; see {@link EndpointAddresses}).
 */
public final class EndpointsRules implements KindRules<Endpoints> {

  @Override
  public void applyDefaults(Endpoints ep) {
    if (ep.getSubsets() == null) {
      return;
    }
    for (EndpointSubset ss : ep.getSubsets()) {
      for (EndpointPort p : ss.getPorts() == null ? List.<EndpointPort>of() : ss.getPorts()) {
        if (p.getProtocol() == null || p.getProtocol().isEmpty()) {
          p.setProtocol("TCP");
        }
      }
    }
  }

  @Override
  public List<FieldError> validateCreate(Endpoints ep) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(ep.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    errs.addAll(subsets(ep.getSubsets(), FieldPath.of("subsets")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Endpoints ep, Endpoints old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(ep.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateCreate(ep));
    return errs;
  }

  static List<FieldError> subsets(List<EndpointSubset> subsets, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (subsets == null) {
      return errs;
    }
    for (int i = 0; i < subsets.size(); i++) {
      EndpointSubset ss = subsets.get(i);
      FieldPath idx = path.index(i);
      List<EndpointAddress> ready = ss.getAddresses() == null ? List.of() : ss.getAddresses();
      List<EndpointAddress> notReady = ss.getNotReadyAddresses() == null ? List.of() : ss.getNotReadyAddresses();
      if (ready.isEmpty() && notReady.isEmpty()) {
        errs.add(FieldError.required(idx.toString(), "must specify `addresses` or `notReadyAddresses`"));
      }
      for (int a = 0; a < ready.size(); a++) {
        errs.addAll(address(ready.get(a), idx.child("addresses").index(a)));
      }
      for (int a = 0; a < notReady.size(); a++) {
        errs.addAll(address(notReady.get(a), idx.child("notReadyAddresses").index(a)));
      }
      List<EndpointPort> ports = ss.getPorts() == null ? List.of() : ss.getPorts();
      for (int p = 0; p < ports.size(); p++) {
        errs.addAll(port(ports.get(p), ports.size() > 1, idx.child("ports").index(p)));
      }
    }
    return errs;
  }

  private static List<FieldError> address(EndpointAddress a, FieldPath path) {
    String ip = a.getIp() == null ? "" : a.getIp();
    List<FieldError> errs = new ArrayList<>(PodSpecValidation.validIp(ip, path.child("ip")));
    if (a.getHostname() != null && !a.getHostname().isEmpty()) {
      errs.addAll(PodSpecValidation.dns1123Label(a.getHostname(), path.child("hostname")));
    }
    if (a.getNodeName() != null) {
      errs.addAll(PodSpecValidation.dns1123Subdomain(a.getNodeName(), path.child("nodeName")));
    }
    errs.addAll(EndpointAddresses.nonSpecial(ip, path.child("ip"), true));
    return errs;
  }

  private static List<FieldError> port(EndpointPort p, boolean requireName, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String name = p.getName() == null ? "" : p.getName();
    if (requireName && name.isEmpty()) {
      errs.add(FieldError.required(path.child("name").toString(), ""));
    } else if (!name.isEmpty()) {
      errs.addAll(PodSpecValidation.dns1123Label(name, path.child("name")));
    }
    int port = p.getPort() == null ? 0 : p.getPort();
    for (String msg : NameValidation.portNumber(port)) {
      errs.add(FieldError.invalid(path.child("port").toString(), port, msg));
    }
    String proto = p.getProtocol() == null ? "" : p.getProtocol();
    if (proto.isEmpty()) {
      errs.add(FieldError.required(path.child("protocol").toString(), ""));
    } else if (!List.of("SCTP", "TCP", "UDP").contains(proto)) {
      errs.add(FieldError.notSupported(path.child("protocol").toString(), proto, List.of("SCTP", "TCP", "UDP")));
    }
    if (p.getAppProtocol() != null) {
      for (String msg : NameValidation.qualifiedName(p.getAppProtocol())) {
        errs.add(FieldError.invalid(path.child("appProtocol").toString(), p.getAppProtocol(), msg));
      }
    }
    return errs;
  }
}
