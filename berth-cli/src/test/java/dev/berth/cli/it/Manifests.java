package dev.berth.cli.it;

import java.util.List;

/** One manifest per kind in scope, as a user would write it (spec/api-server.md §5.3). */
final class Manifests {
  private Manifests() {}

  /** @param resource what kubectl calls it; @param name the object's name */
  record Case(String resource, String name, boolean namespaced, String yaml) {
    @Override
    public String toString() {
      return resource;
    }
  }

  static final String STATEFULSET = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: web, labels: {app: web}}
      spec:
        serviceName: web
        replicas: 0
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: nginx
              image: nginx:1.27
              command: ["sleep", "3600"]
              ports: [{containerPort: 80, name: web}]
        volumeClaimTemplates:
        - metadata: {name: www}
          spec:
            accessModes: [ReadWriteOnce]
            resources: {requests: {storage: 1Gi}}
      """;

  static List<Case> all() {
    return List.of(
        new Case("configmaps", "cfg", true, """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, labels: {tier: a}}
            data: {a: "1", b: "2"}
            """),
        new Case("secrets", "sec", true, """
            apiVersion: v1
            kind: Secret
            metadata: {name: sec}
            data: {password: czNjcjN0}
            """),
        new Case("serviceaccounts", "robot", true, """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: robot}
            """),
        new Case("services", "web", true, """
            apiVersion: v1
            kind: Service
            metadata: {name: web, labels: {app: web}}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 8080}]
            """),
        new Case("endpoints", "manual", true, """
            apiVersion: v1
            kind: Endpoints
            metadata: {name: manual}
            subsets:
            - addresses: [{ip: 127.1.0.5}]
              ports: [{port: 8080, name: http, protocol: TCP}]
            """),
        new Case("endpointslices", "manual-1", true, """
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: manual-1, labels: {kubernetes.io/service-name: manual}}
            addressType: IPv4
            ports: [{name: http, port: 8080, protocol: TCP}]
            endpoints:
            - addresses: [127.1.0.5]
              conditions: {ready: true}
            """),
        new Case("persistentvolumeclaims", "data", true, """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
            """),
        new Case("persistentvolumes", "pv-manual", false, """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: pv-manual}
            spec:
              capacity: {storage: 1Gi}
              accessModes: [ReadWriteOnce]
              hostPath: {path: /tmp/pv-manual}
            """),
        new Case("statefulsets", "web", true, STATEFULSET),
        new Case("deployments", "api", true, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              replicas: 0
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers: [{name: api, image: busybox, command: ["sleep", "3600"]}]
            """),
        new Case("replicasets", "rs1", true, """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: rs1}
            spec:
              replicas: 0
              selector: {matchLabels: {app: rs1}}
              template:
                metadata: {labels: {app: rs1}}
                spec:
                  containers: [{name: c, image: busybox, command: ["sleep", "3600"]}]
            """),
        new Case("controllerrevisions", "rev1", true, """
            apiVersion: apps/v1
            kind: ControllerRevision
            metadata: {name: rev1, labels: {app: web}}
            revision: 1
            data: {spec: {template: {metadata: {labels: {app: web}}}}}
            """),
        new Case("pods", "solo", true, """
            apiVersion: v1
            kind: Pod
            metadata: {name: solo, labels: {app: solo}}
            spec:
              containers: [{name: c, image: busybox, command: ["bash", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]}]
            """),
        new Case("namespaces", "team-a", false, """
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-a}
            """),
        new Case("events", "hello.1", true, """
            apiVersion: v1
            kind: Event
            metadata: {name: hello.1}
            involvedObject: {kind: Pod, name: solo, namespace: default}
            reason: Testing
            message: hello from a test
            type: Normal
            source: {component: it}
            """),
        new Case("events.events.k8s.io", "hello.2", true, """
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: hello.2}
            eventTime: "2026-11-25T10:00:00.000000Z"
            regarding: {kind: Pod, name: solo, namespace: default}
            reason: Testing
            note: hello via events.k8s.io
            type: Normal
            action: Test
            reportingController: it
            reportingInstance: it-1
            """),
        new Case("storageclasses", "fast", false, """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: fast}
            provisioner: berth.dev/local-path
            """),
        new Case("leases", "lock", true, """
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata: {name: lock}
            spec: {holderIdentity: me, leaseDurationSeconds: 15}
            """),
        new Case("nodes", "extra", false, """
            apiVersion: v1
            kind: Node
            metadata: {name: extra}
            """));
  }
}
