package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Services ({@code spec/services-dns.md} §1.1 and §1.9): {@code SetDefaults_Service} plus the IP
 * family fields the upstream allocator fills, and {@code ValidateService}/{@code
 * ValidateServiceUpdate}.
 *
 * <p>Defaults: {@code type: ClusterIP}; {@code sessionAffinity: None} (config cleared) or, for
 * {@code ClientIP}, a 10800 s timeout; port {@code protocol: TCP} and {@code targetPort} equal to
 * {@code port}; {@code externalTrafficPolicy: Cluster} for NodePort, LoadBalancer and services with
 * external IPs; {@code internalTrafficPolicy: Cluster} (not for ExternalName);
 * {@code allocateLoadBalancerNodePorts: true} for LoadBalancer; {@code clusterIPs} mirrors
 * {@code clusterIP}; {@code ipFamilies: [IPv4]} with {@code ipFamilyPolicy: SingleStack}, except
 * headless services without a selector, which upstream gives {@code RequireDualStack} (they may
 * publish both families' endpoints). Allocating a ClusterIP or nodePort is the API server's job.
 *
 * <p>Validation adds the allocator's nodePort range check (30000-32767), since a port outside it can
 * never be allocated.
 */
public final class ServiceRules implements KindRules<Service> {

  public static final int NODE_PORT_MIN = 30000;
  public static final int NODE_PORT_MAX = 32767;
  static final int DEFAULT_CLIENT_IP_TIMEOUT = 10800;
  static final int MAX_CLIENT_IP_TIMEOUT = 86400;

  @Override
  public void applyDefaults(Service svc) {
    if (svc.getSpec() == null) {
      svc.setSpec(new ServiceSpec());
    }
    ServiceSpec spec = svc.getSpec();
    if (blank(spec.getSessionAffinity())) {
      spec.setSessionAffinity("None");
    }
    if (spec.getSessionAffinity().equals("None")) {
      spec.setSessionAffinityConfig(null);
    }
    if (spec.getSessionAffinity().equals("ClientIP")) {
      SessionAffinityConfig cfg = spec.getSessionAffinityConfig();
      if (cfg == null || cfg.getClientIP() == null || cfg.getClientIP().getTimeoutSeconds() == null) {
        spec.setSessionAffinityConfig(new SessionAffinityConfig(new ClientIPConfig(DEFAULT_CLIENT_IP_TIMEOUT)));
      }
    }
    if (blank(spec.getType())) {
      spec.setType("ClusterIP");
    }
    for (ServicePort p : orEmpty(spec.getPorts())) {
      if (blank(p.getProtocol())) {
        p.setProtocol("TCP");
      }
      IntOrString t = p.getTargetPort();
      boolean unset = t == null || (t.getStrVal() == null && (t.getIntVal() == null || t.getIntVal() == 0))
          || (t.getStrVal() != null && t.getStrVal().isEmpty());
      if (unset) {
        p.setTargetPort(new IntOrString(p.getPort() == null ? 0 : p.getPort()));
      }
    }
    if (externallyAccessible(spec) && blank(spec.getExternalTrafficPolicy())) {
      spec.setExternalTrafficPolicy("Cluster");
    }
    String type = spec.getType();
    if (spec.getInternalTrafficPolicy() == null && (type.equals("ClusterIP") || type.equals("NodePort") || type.equals("LoadBalancer"))) {
      spec.setInternalTrafficPolicy("Cluster");
    }
    if (type.equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
      spec.setAllocateLoadBalancerNodePorts(true);
    }
    if (!type.equals("ExternalName")) {
      if (!blank(spec.getClusterIP()) && orEmpty(spec.getClusterIPs()).isEmpty()) {
        spec.setClusterIPs(new ArrayList<>(List.of(spec.getClusterIP())));
      } else if (blank(spec.getClusterIP()) && !orEmpty(spec.getClusterIPs()).isEmpty()) {
        spec.setClusterIP(spec.getClusterIPs().get(0));
      }
      boolean headlessWithoutSelector = type.equals("ClusterIP") && "None".equals(spec.getClusterIP())
          && (spec.getSelector() == null || spec.getSelector().isEmpty());
      if (spec.getIpFamilyPolicy() == null) {
        spec.setIpFamilyPolicy(headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
      }
      if (orEmpty(spec.getIpFamilies()).isEmpty()) {
        spec.setIpFamilies(new ArrayList<>(List.of("IPv4")));
      }
    }
  }

  /**
   * What the kube-apiserver's service REST storage does before validating an update: a PUT that
   * omits the allocated {@code clusterIP(s)}, {@code ipFamilies}, {@code ipFamilyPolicy},
   * {@code nodePort}s or {@code healthCheckNodePort} keeps the stored ones, as long as the service
   * still needs them. Call it with the defaulted update and the stored object, before
   * {@link #validateUpdate}.
   */
  public static void keepAllocatedValues(Service updated, Service old) {
    ServiceSpec n = updated.getSpec();
    ServiceSpec o = old.getSpec();
    if (n == null || o == null) {
      return;
    }
    boolean bothNeedClusterIP = !"ExternalName".equals(n.getType()) && !"ExternalName".equals(o.getType());
    if (bothNeedClusterIP) {
      if (blank(n.getClusterIP()) && orEmpty(n.getClusterIPs()).isEmpty()) {
        n.setClusterIP(o.getClusterIP());
        n.setClusterIPs(o.getClusterIPs() == null ? null : new ArrayList<>(o.getClusterIPs()));
      }
    }
    boolean bothNeedNodePorts = needsNodePorts(n) && needsNodePorts(o);
    if (bothNeedNodePorts) {
      for (ServicePort p : orEmpty(n.getPorts())) {
        if (p.getNodePort() == null || p.getNodePort() == 0) {
          for (ServicePort q : orEmpty(o.getPorts())) {
            if (Objects.equals(p.getPort(), q.getPort()) && Objects.equals(p.getProtocol(), q.getProtocol())) {
              p.setNodePort(q.getNodePort());
            }
          }
        }
      }
    }
    if (needsHealthCheck(n) && needsHealthCheck(o) && (n.getHealthCheckNodePort() == null || n.getHealthCheckNodePort() == 0)) {
      n.setHealthCheckNodePort(o.getHealthCheckNodePort());
    }
  }

  @Override
  public List<FieldError> validateCreate(Service svc) {
    return validate(svc);
  }

  @Override
  public List<FieldError> validateUpdate(Service svc, Service old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(svc.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    ServiceSpec n = spec(svc);
    ServiceSpec o = spec(old);
    errs.addAll(upgradeDowngradeClusterIPs(o, n));
    errs.addAll(upgradeDowngradeIpFamilies(o, n));
    errs.addAll(loadBalancerClass(o, n));
    if (needsHealthCheck(o) && needsHealthCheck(n) && !Objects.equals(n.getHealthCheckNodePort(), o.getHealthCheckNodePort())) {
      errs.add(FieldError.forbidden("spec.healthCheckNodePort", "field is immutable"));
    }
    errs.addAll(validate(svc));
    return errs;
  }

  /** {@code ValidateService}. */
  static List<FieldError> validate(Service svc) {
    FieldPath meta = FieldPath.of("metadata");
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(svc.getMetadata(), true, NameValidation.DNS1035_LABEL, meta));
    Map<String, String> annotations = svc.getMetadata() == null || svc.getMetadata().getAnnotations() == null ? Map.of()
        : svc.getMetadata().getAnnotations();
    String hints = annotations.get("service.kubernetes.io/topology-aware-hints");
    String mode = annotations.get("service.kubernetes.io/topology-mode");
    if (hints != null && mode != null && !hints.equals(mode)) {
      errs.add(FieldError.invalid(meta.child("annotations").key("service.kubernetes.io/topology-mode").toString(), mode,
          "must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified"));
    }
    ServiceSpec spec = spec(svc);
    FieldPath specPath = FieldPath.of("spec");
    String type = nz(spec.getType());
    List<ServicePort> ports = orEmpty(spec.getPorts());
    boolean headless = headless(spec);
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
      errs.add(FieldError.required(specPath.child("ports").toString(), ""));
    }
    switch (type) {
      case "LoadBalancer" -> {
        for (int i = 0; i < ports.size(); i++) {
          if (Objects.equals(ports.get(i).getPort(), 10250)) {
            errs.add(FieldError.invalid(specPath.child("ports").index(i).toString(), 10250,
                "may not expose port 10250 externally since it is used by kubelet"));
          }
        }
        if (headless) {
          errs.add(FieldError.invalid(specPath.child("clusterIPs").index(0).toString(), "None", "may not be set to 'None' for LoadBalancer services"));
        }
      }
      case "NodePort" -> {
        if (headless) {
          errs.add(FieldError.invalid(specPath.child("clusterIPs").index(0).toString(), "None", "may not be set to 'None' for NodePort services"));
        }
      }
      case "ExternalName" -> {
        if (!orEmpty(spec.getClusterIPs()).isEmpty()) {
          errs.add(FieldError.forbidden(specPath.child("clusterIPs").toString(), "may not be set for ExternalName services"));
        }
        if (!orEmpty(spec.getIpFamilies()).isEmpty()) {
          errs.add(FieldError.forbidden(specPath.child("ipFamilies").toString(), "may not be set for ExternalName services"));
        }
        if (spec.getIpFamilyPolicy() != null) {
          errs.add(FieldError.forbidden(specPath.child("ipFamilyPolicy").toString(), "may not be set for ExternalName services"));
        }
        String cname = nz(spec.getExternalName());
        if (cname.endsWith(".")) {
          cname = cname.substring(0, cname.length() - 1);
        }
        if (!cname.isEmpty()) {
          errs.addAll(PodSpecValidation.dns1123Subdomain(cname, specPath.child("externalName")));
        } else {
          errs.add(FieldError.required(specPath.child("externalName").toString(), ""));
        }
      }
      default -> {
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      errs.addAll(servicePort(ports.get(i), ports.size() > 1, names, specPath.child("ports").index(i)));
    }
    if (spec.getSelector() != null) {
      errs.addAll(ObjectMetaValidation.labels(spec.getSelector(), specPath.child("selector")));
    }
    String affinity = nz(spec.getSessionAffinity());
    if (affinity.isEmpty()) {
      errs.add(FieldError.required(specPath.child("sessionAffinity").toString(), ""));
    } else if (!affinity.equals("ClientIP") && !affinity.equals("None")) {
      errs.add(FieldError.notSupported(specPath.child("sessionAffinity").toString(), affinity, List.of("ClientIP", "None")));
    }
    if (affinity.equals("ClientIP")) {
      errs.addAll(clientIpAffinity(spec.getSessionAffinityConfig(), specPath.child("sessionAffinityConfig")));
    } else if (affinity.equals("None") && spec.getSessionAffinityConfig() != null) {
      errs.add(FieldError.forbidden(specPath.child("sessionAffinityConfig").toString(), "must not be set when session affinity is None"));
    }
    errs.addAll(clusterIpsRelated(spec));
    List<String> externalIPs = orEmpty(spec.getExternalIPs());
    for (int i = 0; i < externalIPs.size(); i++) {
      FieldPath p = specPath.child("externalIPs").index(i);
      List<FieldError> ipErrs = PodSpecValidation.validIp(nz(externalIPs.get(i)), p);
      if (!ipErrs.isEmpty()) {
        errs.addAll(ipErrs);
      } else {
        errs.addAll(EndpointAddresses.nonSpecial(externalIPs.get(i), p, false));
      }
    }
    if (type.isEmpty()) {
      errs.add(FieldError.required(specPath.child("type").toString(), ""));
    } else if (!List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort").contains(type)) {
      errs.add(FieldError.notSupported(specPath.child("type").toString(), type, List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")));
    }
    if (type.equals("ClusterIP")) {
      for (int i = 0; i < ports.size(); i++) {
        if (ports.get(i).getNodePort() != null && ports.get(i).getNodePort() != 0) {
          errs.add(FieldError.forbidden(specPath.child("ports").index(i).child("nodePort").toString(), "may not be used when `type` is 'ClusterIP'"));
        }
      }
    }
    Set<String> nodePorts = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      if (p.getNodePort() == null || p.getNodePort() == 0) {
        continue;
      }
      if (!nodePorts.add(nz(p.getProtocol()) + "/" + p.getNodePort())) {
        errs.add(FieldError.duplicate(specPath.child("ports").index(i).child("nodePort").toString(), p.getNodePort()));
      }
    }
    Set<String> portKeys = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      int port = p.getPort() == null ? 0 : p.getPort();
      if (!portKeys.add(nz(p.getProtocol()) + "/" + port)) {
        errs.add(FieldError.duplicate(specPath.child("ports").index(i).toString(), GoSyntax.raw("core.ServicePort{Name:\"\", Protocol:"
            + GoSyntax.quote(nz(p.getProtocol())) + ", AppProtocol:(*string)(nil), Port:" + port
            + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")));
      }
    }
    List<String> sourceRanges = orEmpty(spec.getLoadBalancerSourceRanges());
    if (!sourceRanges.isEmpty()) {
      FieldPath p = specPath.child("LoadBalancerSourceRanges");
      if (!type.equals("LoadBalancer")) {
        errs.add(FieldError.forbidden(p.toString(), "may only be used when `type` is 'LoadBalancer'"));
      }
      for (int i = 0; i < sourceRanges.size(); i++) {
        errs.addAll(cidr(nz(sourceRanges.get(i)).strip(), p.index(i)));
      }
    }
    if (spec.getAllocateLoadBalancerNodePorts() != null && !type.equals("LoadBalancer")) {
      errs.add(FieldError.forbidden(specPath.child("allocateLoadBalancerNodePorts").toString(), "may only be used when `type` is 'LoadBalancer'"));
    }
    if (type.equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
      errs.add(FieldError.required("allocateLoadBalancerNodePorts", ""));
    }
    errs.addAll(loadBalancerClass(null, spec));
    errs.addAll(externalTrafficPolicy(spec));
    String itp = spec.getInternalTrafficPolicy();
    if (itp == null) {
      if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
        errs.add(FieldError.required("spec.internalTrafficPolicy", ""));
      }
    } else if (!itp.equals("Cluster") && !itp.equals("Local")) {
      errs.add(FieldError.notSupported("spec.internalTrafficPolicy", itp, List.of("Cluster", "Local")));
    }
    if (spec.getTrafficDistribution() != null && !spec.getTrafficDistribution().equals("PreferClose")) {
      errs.add(FieldError.notSupported("spec.trafficDistribution", spec.getTrafficDistribution(), List.of("PreferClose")));
    }
    // The upstream allocator's range check, reported the same way.
    if (type.equals("NodePort") || type.equals("LoadBalancer")) {
      for (int i = 0; i < ports.size(); i++) {
        Integer np = ports.get(i).getNodePort();
        if (np != null && np != 0 && (np < NODE_PORT_MIN || np > NODE_PORT_MAX)) {
          errs.add(FieldError.invalid(specPath.child("ports").index(i).child("nodePort").toString(), np,
              "provided port is not in the valid range. The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX));
        }
      }
    }
    return errs;
  }

  private static List<FieldError> servicePort(ServicePort sp, boolean requireName, Set<String> names, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String name = nz(sp.getName());
    if (requireName && name.isEmpty()) {
      errs.add(FieldError.required(path.child("name").toString(), ""));
    } else if (!name.isEmpty()) {
      errs.addAll(PodSpecValidation.dns1123Label(name, path.child("name")));
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(path.child("name").toString(), name));
      }
    }
    int port = sp.getPort() == null ? 0 : sp.getPort();
    for (String msg : NameValidation.portNumber(port)) {
      errs.add(FieldError.invalid(path.child("port").toString(), port, msg));
    }
    String proto = nz(sp.getProtocol());
    if (proto.isEmpty()) {
      errs.add(FieldError.required(path.child("protocol").toString(), ""));
    } else if (!List.of("SCTP", "TCP", "UDP").contains(proto)) {
      errs.add(FieldError.notSupported(path.child("protocol").toString(), proto, List.of("SCTP", "TCP", "UDP")));
    }
    errs.addAll(PodSpecValidation.portNumOrName(sp.getTargetPort(), path.child("targetPort")));
    if (sp.getAppProtocol() != null) {
      for (String msg : NameValidation.qualifiedName(sp.getAppProtocol())) {
        errs.add(FieldError.invalid(path.child("appProtocol").toString(), sp.getAppProtocol(), msg));
      }
    }
    return errs;
  }

  private static List<FieldError> clientIpAffinity(SessionAffinityConfig cfg, FieldPath path) {
    String why = "when session affinity type is ClientIP";
    if (cfg == null) {
      return List.of(FieldError.required(path.toString(), why));
    }
    if (cfg.getClientIP() == null) {
      return List.of(FieldError.required(path.child("clientIP").toString(), why));
    }
    Integer timeout = cfg.getClientIP().getTimeoutSeconds();
    if (timeout == null) {
      return List.of(FieldError.required(path.child("clientIP", "timeoutSeconds").toString(), why));
    }
    if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT) {
      return List.of(FieldError.invalid(path.child("clientIP", "timeoutSeconds").toString(), timeout,
          "must be greater than 0 and less than " + MAX_CLIENT_IP_TIMEOUT));
    }
    return List.of();
  }

  /** {@code ValidateServiceClusterIPsRelatedFields}. */
  private static List<FieldError> clusterIpsRelated(ServiceSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    if ("ExternalName".equals(spec.getType())) {
      return errs;
    }
    FieldPath clusterIPsPath = FieldPath.of("spec", "clusterIPs");
    List<String> ips = orEmpty(spec.getClusterIPs());
    if (!blank(spec.getClusterIP())) {
      if (ips.isEmpty()) {
        errs.add(FieldError.required(clusterIPsPath.toString(), ""));
      } else if (!ips.get(0).equals(spec.getClusterIP())) {
        errs.add(FieldError.invalid(clusterIPsPath.toString(), GoSyntax.stringSlice(ips), "first value must match `clusterIP`"));
      }
    } else if (!ips.isEmpty()) {
      errs.add(FieldError.invalid(clusterIPsPath.toString(), GoSyntax.stringSlice(ips), "must be empty when `clusterIP` is not specified"));
    }
    List<String> families = orEmpty(spec.getIpFamilies());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < families.size(); i++) {
      String f = nz(families.get(i));
      if (!f.equals("IPv4") && !f.equals("IPv6")) {
        errs.add(FieldError.notSupported(FieldPath.of("spec", "ipFamilies").index(i).toString(), f, List.of("IPv4", "IPv6")));
      }
      if (!seen.add(f)) {
        errs.add(FieldError.duplicate(FieldPath.of("spec", "ipFamilies").index(i).toString(), f));
      }
    }
    if (spec.getIpFamilyPolicy() != null && !List.of("PreferDualStack", "RequireDualStack", "SingleStack").contains(spec.getIpFamilyPolicy())) {
      errs.add(FieldError.notSupported("spec.ipFamilyPolicy", spec.getIpFamilyPolicy(), List.of("PreferDualStack", "RequireDualStack", "SingleStack")));
    }
    boolean invalid = false;
    for (int i = 0; i < ips.size(); i++) {
      if (i == 0 && "None".equals(ips.get(0))) {
        if (ips.size() > 1) {
          invalid = true;
          errs.add(FieldError.invalid(clusterIPsPath.toString(), GoSyntax.stringSlice(ips), "'None' must be the first and only value"));
        }
        continue;
      }
      List<FieldError> ipErrs = PodSpecValidation.validIp(nz(ips.get(i)), clusterIPsPath.index(i));
      invalid |= !ipErrs.isEmpty();
      errs.addAll(ipErrs);
    }
    if (ips.size() > 2) {
      errs.add(FieldError.invalid(clusterIPsPath.toString(), GoSyntax.stringSlice(ips), "may only hold up to 2 values"));
    }
    if (invalid) {
      return errs;
    }
    if (ips.size() > 1 && IpLiterals.isIPv6(ips.get(0)) == IpLiterals.isIPv6(ips.get(1))) {
      errs.add(FieldError.invalid(clusterIPsPath.toString(), GoSyntax.stringSlice(ips), "may specify no more than one IP for each IP family"));
    }
    if (!headless(spec) && !ips.isEmpty() && !families.isEmpty()) {
      for (int i = 0; i < ips.size() && i < families.size(); i++) {
        boolean v6 = IpLiterals.isIPv6(ips.get(i));
        if (families.get(i).equals("IPv4") && v6) {
          errs.add(FieldError.invalid(clusterIPsPath.index(i).toString(), ips.get(i), "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`"));
        }
        if (families.get(i).equals("IPv6") && !v6) {
          errs.add(FieldError.invalid(clusterIPsPath.index(i).toString(), ips.get(i), "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`"));
        }
      }
    }
    return errs;
  }

  /** {@code validateUpgradeDowngradeClusterIPs}: the primary clusterIP never changes, except to or from ExternalName. */
  private static List<FieldError> upgradeDowngradeClusterIPs(ServiceSpec old, ServiceSpec now) {
    List<FieldError> errs = new ArrayList<>();
    if ("ExternalName".equals(now.getType()) || "ExternalName".equals(old.getType())) {
      return errs;
    }
    if (headless(old) && headless(now)) {
      return errs;
    }
    List<String> o = orEmpty(old.getClusterIPs());
    List<String> n = orEmpty(now.getClusterIPs());
    FieldPath p = FieldPath.of("spec", "clusterIPs");
    if (o.size() == n.size()) {
      for (int i = 0; i < o.size(); i++) {
        if (!o.get(i).equals(n.get(i))) {
          errs.add(FieldError.invalid(p.index(i).toString(), GoSyntax.stringSlice(n), "may not change once set"));
        }
      }
    } else if (o.size() > n.size()) {
      if (n.isEmpty()) {
        errs.add(FieldError.invalid(p.index(0).toString(), GoSyntax.stringSlice(n), "primary clusterIP can not be unset"));
      }
      if (!o.isEmpty() && !n.isEmpty() && !n.get(0).equals(o.get(0))) {
        errs.add(FieldError.invalid(p.index(0).toString(), GoSyntax.stringSlice(n), "may not change once set"));
      }
      if (n.size() == 1 && !"SingleStack".equals(now.getIpFamilyPolicy())) {
        errs.add(FieldError.invalid("spec.ipFamilyPolicy", now.getIpFamilyPolicy(), "must be set to 'SingleStack' when releasing the secondary clusterIP"));
      }
    } else if (!o.isEmpty() && !n.get(0).equals(o.get(0))) {
      errs.add(FieldError.invalid(p.index(0).toString(), GoSyntax.stringSlice(n), "may not change once set"));
    }
    return errs;
  }

  private static List<FieldError> upgradeDowngradeIpFamilies(ServiceSpec old, ServiceSpec now) {
    List<FieldError> errs = new ArrayList<>();
    if ("ExternalName".equals(now.getType()) || "ExternalName".equals(old.getType())) {
      return errs;
    }
    if (headless(old) || headless(now)) {
      return errs;
    }
    List<String> o = orEmpty(old.getIpFamilies());
    List<String> n = orEmpty(now.getIpFamilies());
    FieldPath p = FieldPath.of("spec", "ipFamilies").index(0);
    if (o.size() == n.size()) {
      for (int i = 0; i < o.size(); i++) {
        if (!o.get(i).equals(n.get(i))) {
          errs.add(FieldError.invalid(p.toString(), GoSyntax.raw(familiesText(n)), "may not change once set"));
        }
      }
    } else if (o.size() > n.size()) {
      if (orEmpty(now.getClusterIPs()).isEmpty()) {
        errs.add(FieldError.invalid(p.toString(), GoSyntax.raw(familiesText(n)), "primary ipFamily can not be unset"));
      }
      if (!n.isEmpty() && !n.get(0).equals(o.get(0))) {
        errs.add(FieldError.invalid(p.toString(), GoSyntax.stringSlice(now.getClusterIPs()), "may not change once set"));
      }
      if (n.size() == 1 && !"SingleStack".equals(now.getIpFamilyPolicy())) {
        errs.add(FieldError.invalid("spec.ipFamilyPolicy", now.getIpFamilyPolicy(), "must be set to 'SingleStack' when releasing the secondary ipFamily"));
      }
    } else if (!o.isEmpty() && !n.isEmpty() && !n.get(0).equals(o.get(0))) {
      errs.add(FieldError.invalid(p.toString(), GoSyntax.stringSlice(now.getClusterIPs()), "may not change once set"));
    }
    return errs;
  }

  private static String familiesText(List<String> families) {
    if (families.isEmpty()) {
      return "[]core.IPFamily(nil)";
    }
    return families.stream().map(GoSyntax::quote).collect(java.util.stream.Collectors.joining(", ", "[]core.IPFamily{", "}"));
  }

  private static List<FieldError> loadBalancerClass(ServiceSpec old, ServiceSpec now) {
    List<FieldError> errs = new ArrayList<>();
    boolean lb = "LoadBalancer".equals(now.getType());
    if (old != null && "LoadBalancer".equals(old.getType()) && lb && !Objects.equals(old.getLoadBalancerClass(), now.getLoadBalancerClass())) {
      errs.add(FieldError.invalid("spec.loadBalancerClass", now.getLoadBalancerClass(), "may not change once set"));
    }
    if (old != null) {
      return errs;
    }
    if (lb) {
      if (now.getLoadBalancerClass() != null) {
        for (String msg : NameValidation.qualifiedName(now.getLoadBalancerClass())) {
          errs.add(FieldError.invalid("spec.loadBalancerClass", now.getLoadBalancerClass(), msg));
        }
      }
    } else if (now.getLoadBalancerClass() != null) {
      errs.add(FieldError.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
    }
    return errs;
  }

  private static List<FieldError> externalTrafficPolicy(ServiceSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    String etp = nz(spec.getExternalTrafficPolicy());
    if (!externallyAccessible(spec)) {
      if (!etp.isEmpty()) {
        errs.add(FieldError.invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"));
      }
    } else if (etp.isEmpty()) {
      errs.add(FieldError.required("spec.externalTrafficPolicy", ""));
    } else if (!etp.equals("Cluster") && !etp.equals("Local")) {
      errs.add(FieldError.notSupported("spec.externalTrafficPolicy", etp, List.of("Cluster", "Local")));
    }
    int hc = spec.getHealthCheckNodePort() == null ? 0 : spec.getHealthCheckNodePort();
    if (!needsHealthCheck(spec)) {
      if (hc != 0) {
        errs.add(FieldError.invalid("spec.healthCheckNodePort", hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
      }
    } else if (hc == 0) {
      errs.add(FieldError.required("spec.healthCheckNodePort", ""));
    } else {
      for (String msg : NameValidation.portNumber(hc)) {
        errs.add(FieldError.invalid("spec.healthCheckNodePort", hc, msg));
      }
    }
    return errs;
  }

  private static List<FieldError> cidr(String value, FieldPath path) {
    int slash = value.indexOf('/');
    boolean ok = false;
    if (slash > 0) {
      var ip = IpLiterals.parse(value.substring(0, slash));
      try {
        int bits = Integer.parseInt(value.substring(slash + 1));
        ok = ip.isPresent() && bits >= 0 && bits <= (ip.get().length == 4 ? 32 : 128) && !value.substring(slash + 1).startsWith("+");
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) {
      return List.of(FieldError.invalid(path.toString(), value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    }
    return List.of();
  }

  /** {@code ExternallyAccessible}: NodePort, LoadBalancer, or a ClusterIP service with external IPs. */
  static boolean externallyAccessible(ServiceSpec spec) {
    String type = nz(spec.getType());
    return type.equals("LoadBalancer") || type.equals("NodePort") || (type.equals("ClusterIP") && !orEmpty(spec.getExternalIPs()).isEmpty());
  }

  static boolean needsHealthCheck(ServiceSpec spec) {
    return "LoadBalancer".equals(spec.getType()) && "Local".equals(spec.getExternalTrafficPolicy());
  }

  private static boolean needsNodePorts(ServiceSpec spec) {
    return "NodePort".equals(spec.getType())
        || ("LoadBalancer".equals(spec.getType()) && !Boolean.FALSE.equals(spec.getAllocateLoadBalancerNodePorts()));
  }

  /** Exactly one clusterIP, and it is {@code None}. */
  static boolean headless(ServiceSpec spec) {
    List<String> ips = orEmpty(spec.getClusterIPs());
    return ips.size() == 1 && "None".equals(ips.get(0));
  }

  private static ServiceSpec spec(Service svc) {
    return svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
