package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * discovery.k8s.io/v1 EndpointSlices: port {@code protocol: TCP} by default; {@code addressType}
 * IPv4, IPv6 or FQDN (immutable); at most 1000 endpoints of 1 to 100 addresses; ports with unique
 * names. IPv4/IPv6 addresses may be loopback (berth's pod IPs; upstream rejects them, see
 * {@link EndpointAddresses}).
 */
public final class EndpointSliceRules implements KindRules<EndpointSlice> {

  static final int MAX_ENDPOINTS = 1000;
  static final int MAX_ADDRESSES = 100;
  static final int MAX_PORTS = 20000;
  static final int MAX_TOPOLOGY_LABELS = 16;
  static final int MAX_ZONE_HINTS = 8;

  @Override
  public void applyDefaults(EndpointSlice slice) {
    if (slice.getPorts() == null) {
      return;
    }
    for (EndpointPort p : slice.getPorts()) {
      if (p.getProtocol() == null) {
        p.setProtocol("TCP");
      }
    }
  }

  @Override
  public List<FieldError> validateCreate(EndpointSlice slice) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(slice.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    String type = slice.getAddressType() == null ? "" : slice.getAddressType();
    if (type.isEmpty()) {
      errs.add(FieldError.required("addressType", ""));
    } else if (!List.of("FQDN", "IPv4", "IPv6").contains(type)) {
      errs.add(FieldError.notSupported("addressType", type, List.of("FQDN", "IPv4", "IPv6")));
    }
    errs.addAll(endpoints(slice.getEndpoints(), type, FieldPath.of("endpoints")));
    errs.addAll(ports(slice.getPorts(), FieldPath.of("ports")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(EndpointSlice slice, EndpointSlice old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(slice.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateCreate(slice));
    String now = slice.getAddressType() == null ? "" : slice.getAddressType();
    String before = old.getAddressType() == null ? "" : old.getAddressType();
    if (!now.equals(before)) {
      errs.add(FieldError.invalid("addressType", now, ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    return errs;
  }

  private static List<FieldError> endpoints(List<Endpoint> endpoints, String type, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (endpoints == null) {
      return errs;
    }
    if (endpoints.size() > MAX_ENDPOINTS) {
      errs.add(ErrorValues.tooMany(path, endpoints.size(), MAX_ENDPOINTS));
      return errs;
    }
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      FieldPath idx = path.index(i);
      FieldPath addressPath = idx.child("addresses");
      List<String> addresses = e.getAddresses() == null ? List.of() : e.getAddresses();
      if (addresses.isEmpty()) {
        errs.add(FieldError.required(addressPath.toString(), "must contain at least 1 address"));
      } else if (addresses.size() > MAX_ADDRESSES) {
        errs.add(ErrorValues.tooMany(addressPath, addresses.size(), MAX_ADDRESSES));
      }
      for (int a = 0; a < addresses.size(); a++) {
        String address = addresses.get(a) == null ? "" : addresses.get(a);
        FieldPath ap = addressPath.index(a);
        switch (type) {
          case "IPv4" -> {
            if (!IpLiterals.isIPv4(address)) {
              errs.add(FieldError.invalid(ap.toString(), address, "must be a valid IPv4 address"));
            }
            errs.addAll(EndpointAddresses.nonSpecial(address, ap, true));
          }
          case "IPv6" -> {
            if (!IpLiterals.isIPv6(address)) {
              errs.add(FieldError.invalid(ap.toString(), address, "must be a valid IPv6 address"));
            }
            errs.addAll(EndpointAddresses.nonSpecial(address, ap, true));
          }
          case "FQDN" -> errs.addAll(fullyQualifiedDomainName(address, ap));
          default -> {
          }
        }
      }
      if (e.getNodeName() != null) {
        errs.addAll(PodSpecValidation.dns1123Subdomain(e.getNodeName(), idx.child("nodeName")));
      }
      FieldPath topologyPath = idx.child("deprecatedTopology");
      if (e.getDeprecatedTopology() != null && e.getDeprecatedTopology().size() > MAX_TOPOLOGY_LABELS) {
        errs.add(ErrorValues.tooMany(topologyPath, e.getDeprecatedTopology().size(), MAX_TOPOLOGY_LABELS));
      }
      errs.addAll(ObjectMetaValidation.labels(e.getDeprecatedTopology(), topologyPath));
      if (e.getHostname() != null) {
        errs.addAll(PodSpecValidation.dns1123Label(e.getHostname(), idx.child("hostname")));
      }
      if (e.getHints() != null && e.getHints().getForZones() != null) {
        List<ForZone> zones = e.getHints().getForZones();
        FieldPath fz = idx.child("hints", "forZones");
        if (zones.size() > MAX_ZONE_HINTS) {
          errs.add(ErrorValues.tooMany(fz, zones.size(), MAX_ZONE_HINTS));
        } else {
          Set<String> names = new HashSet<>();
          for (int z = 0; z < zones.size(); z++) {
            String name = zones.get(z).getName() == null ? "" : zones.get(z).getName();
            FieldPath zp = fz.index(z).child("name");
            if (!names.add(name)) {
              errs.add(FieldError.duplicate(zp.toString(), name));
            }
            for (String msg : NameValidation.labelValue(name)) {
              errs.add(FieldError.invalid(zp.toString(), name, msg));
            }
          }
        }
      }
    }
    return errs;
  }

  private static List<FieldError> ports(List<EndpointPort> ports, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (ports == null) {
      return errs;
    }
    if (ports.size() > MAX_PORTS) {
      errs.add(ErrorValues.tooMany(path, ports.size(), MAX_PORTS));
      return errs;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      EndpointPort p = ports.get(i);
      FieldPath idx = path.index(i);
      String name = p.getName() == null ? "" : p.getName();
      if (!name.isEmpty()) {
        errs.addAll(PodSpecValidation.dns1123Label(name, idx.child("name")));
      }
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(idx.child("name").toString(), name));
      }
      if (p.getProtocol() == null) {
        errs.add(FieldError.required(idx.child("protocol").toString(), ""));
      } else if (!List.of("SCTP", "TCP", "UDP").contains(p.getProtocol())) {
        errs.add(FieldError.notSupported(idx.child("protocol").toString(), p.getProtocol(), List.of("SCTP", "TCP", "UDP")));
      }
      if (p.getAppProtocol() != null) {
        for (String msg : NameValidation.qualifiedName(p.getAppProtocol())) {
          errs.add(FieldError.invalid(idx.child("appProtocol").toString(), p.getAppProtocol(), msg));
        }
      }
    }
    return errs;
  }

  /** {@code IsFullyQualifiedDomainName}: at least two labels, a trailing dot allowed. */
  static List<FieldError> fullyQualifiedDomainName(String name, FieldPath path) {
    if (name.isEmpty()) {
      return List.of(FieldError.required(path.toString(), ""));
    }
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    List<String> msgs = NameValidation.dns1123Subdomain(n);
    if (!msgs.isEmpty()) {
      return List.of(FieldError.invalid(path.toString(), n, String.join(",", msgs)));
    }
    String[] labels = n.split("\\.", -1);
    if (labels.length < 2) {
      return List.of(FieldError.invalid(path.toString(), n, "should be a domain with at least two segments separated by dots"));
    }
    for (String label : labels) {
      List<String> l = NameValidation.dns1123Label(label);
      if (!l.isEmpty()) {
        return List.of(FieldError.invalid(path.toString(), label, String.join(",", l)));
      }
    }
    return List.of();
  }

}
