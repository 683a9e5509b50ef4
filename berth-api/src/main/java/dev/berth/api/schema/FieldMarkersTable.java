package dev.berth.api.schema;

/**
 * The data behind {@link FieldMarkers}, in the format described at {@link FieldMarkers#parse}.
 *
 * <p>Transcribed from the Go types of {@code k8s.io/api} and {@code k8s.io/apimachinery} v0.32
 * (struct tags {@code patchStrategy}/{@code patchMergeKey}; comment markers {@code +listType},
 * {@code +listMapKey}, {@code +mapType}, {@code +structType}, {@code +default}; {@code required}
 * as openapi-gen decides it: neither {@code +optional} nor {@code omitempty}, or {@code +required};
 * {@code format} from the Go type {@code metav1.Time}/{@code MicroTime}/{@code []byte}). Fields
 * that v0.32 does not have yet but fabric8 8.0.0 models come from the newest release. Definitions
 * appear in the order berth reaches them from its served kinds; a definition or field that is not
 * listed has no markers.
 */
final class FieldMarkersTable {
  private FieldMarkersTable() {}

  static final String TEXT = """
      io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta
        creationTimestamp            format=date-time
        deletionTimestamp            format=date-time
        finalizers                   strategy=merge list=set
        managedFields                list=atomic
        ownerReferences              strategy=merge key=uid list=map keys=uid
      io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry
        time                         format=date-time
      io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference map=atomic
        apiVersion                   required
        kind                         required
        name                         required
        uid                          required
      io.k8s.api.core.v1.NamespaceSpec
        finalizers                   list=atomic
      io.k8s.api.core.v1.NamespaceStatus
        conditions                   strategy=merge key=type list=map keys=type
      io.k8s.api.core.v1.NamespaceCondition
        lastTransitionTime           format=date-time
        status                       required
        type                         required
      io.k8s.api.core.v1.NamespaceList
        items                        required
      io.k8s.apimachinery.pkg.apis.meta.v1.ShardInfo
        selector                     required
      io.k8s.api.core.v1.NodeSpec
        podCIDRs                     strategy=merge list=set
        taints                       list=atomic
      io.k8s.api.core.v1.ConfigMapNodeConfigSource
        kubeletConfigKey             required
        name                         required
        namespace                    required
      io.k8s.api.core.v1.NodePodPreemptionPolicy
        disableResizePreemption      list=set
      io.k8s.api.core.v1.Taint
        effect                       required
        key                          required
        timeAdded                    format=date-time
      io.k8s.api.core.v1.NodeStatus
        addresses                    strategy=merge key=type list=map keys=type
        conditions                   strategy=merge key=type list=map keys=type
        declaredFeatures             list=atomic
        images                       list=atomic
        runtimeHandlers              list=atomic
        volumesAttached              list=atomic
        volumesInUse                 list=atomic
      io.k8s.api.core.v1.NodeAddress
        address                      required
        type                         required
      io.k8s.api.core.v1.NodeCondition
        lastHeartbeatTime            format=date-time
        lastTransitionTime           format=date-time
        status                       required
        type                         required
      io.k8s.api.core.v1.DaemonEndpoint
        Port                         required
      io.k8s.api.core.v1.ContainerImage
        names                        list=atomic
      io.k8s.api.core.v1.NodeSystemInfo
        architecture                 required
        bootID                       required
        containerRuntimeVersion      required
        kernelVersion                required
        kubeProxyVersion             required
        kubeletVersion               required
        machineID                    required
        operatingSystem              required
        osImage                      required
        systemUUID                   required
      io.k8s.api.core.v1.AttachedVolume
        devicePath                   required
        name                         required
      io.k8s.api.core.v1.NodeList
        items                        required
      io.k8s.api.core.v1.PodSpec
        containers                   required strategy=merge key=name list=map keys=name
        ephemeralContainers          strategy=merge key=name list=map keys=name
        evictionResponders           strategy=merge key=name list=map keys=name
        hostAliases                  strategy=merge key=ip list=map keys=ip
        imagePullSecrets             strategy=merge key=name list=map keys=name
        initContainers               strategy=merge key=name list=map keys=name
        nodeSelector                 map=atomic
        readinessGates               list=atomic
        resourceClaims               strategy=merge,retainKeys key=name list=map keys=name
        schedulingGates              strategy=merge key=name list=map keys=name
        tolerations                  list=atomic
        topologySpreadConstraints    strategy=merge key=topologyKey list=map keys=topologyKey,whenUnsatisfiable
        volumes                      strategy=merge,retainKeys key=name list=map keys=name
      io.k8s.api.core.v1.NodeAffinity
        preferredDuringSchedulingIgnoredDuringExecution list=atomic
      io.k8s.api.core.v1.PreferredSchedulingTerm
        preference                   required
        weight                       required
      io.k8s.api.core.v1.NodeSelectorTerm map=atomic
        matchExpressions             list=atomic
        matchFields                  list=atomic
      io.k8s.api.core.v1.NodeSelectorRequirement
        key                          required
        operator                     required
        values                       list=atomic
      io.k8s.api.core.v1.NodeSelector map=atomic
        nodeSelectorTerms            required list=atomic
      io.k8s.api.core.v1.PodAffinity
        preferredDuringSchedulingIgnoredDuringExecution list=atomic
        requiredDuringSchedulingIgnoredDuringExecution list=atomic
      io.k8s.api.core.v1.WeightedPodAffinityTerm
        podAffinityTerm              required
        weight                       required
      io.k8s.api.core.v1.PodAffinityTerm
        matchLabelKeys               list=atomic
        mismatchLabelKeys            list=atomic
        namespaces                   list=atomic
        topologyKey                  required
      io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector map=atomic
        matchExpressions             list=atomic
      io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement
        key                          required
        operator                     required
        values                       list=atomic
      io.k8s.api.core.v1.PodAntiAffinity
        preferredDuringSchedulingIgnoredDuringExecution list=atomic
        requiredDuringSchedulingIgnoredDuringExecution list=atomic
      io.k8s.api.core.v1.Container
        args                         list=atomic
        command                      list=atomic
        env                          strategy=merge key=name list=map keys=name
        envFrom                      list=atomic
        name                         required
        ports                        strategy=merge key=containerPort list=map keys=containerPort,protocol
        resizePolicy                 list=atomic
        restartPolicyRules           list=atomic
        volumeDevices                strategy=merge key=devicePath list=map keys=devicePath
        volumeMounts                 strategy=merge key=mountPath list=map keys=mountPath
      io.k8s.api.core.v1.EnvVar
        name                         required
      io.k8s.api.core.v1.ConfigMapKeySelector map=atomic
        key                          required
        name                         default=""
      io.k8s.api.core.v1.ObjectFieldSelector map=atomic
        fieldPath                    required
      io.k8s.api.core.v1.FileKeySelector map=atomic
        key                          required
        optional                     default=false
        path                         required
        volumeName                   required
      io.k8s.api.core.v1.ResourceFieldSelector map=atomic
        resource                     required
      io.k8s.api.core.v1.SecretKeySelector map=atomic
        key                          required
        name                         default=""
      io.k8s.api.core.v1.ConfigMapEnvSource
        name                         default=""
      io.k8s.api.core.v1.SecretEnvSource
        name                         default=""
      io.k8s.api.core.v1.ExecAction
        command                      list=atomic
      io.k8s.api.core.v1.HTTPGetAction
        httpHeaders                  list=atomic
        port                         required
      io.k8s.api.core.v1.HTTPHeader
        name                         required
        value                        required
      io.k8s.api.core.v1.SleepAction
        seconds                      required
      io.k8s.api.core.v1.TCPSocketAction
        port                         required
      io.k8s.api.core.v1.GRPCAction
        port                         required
        service                      default=""
      io.k8s.api.core.v1.ContainerPort
        containerPort                required
        protocol                     default="TCP"
      io.k8s.api.core.v1.ContainerResizePolicy
        resourceName                 required
        restartPolicy                required
      io.k8s.api.core.v1.ResourceRequirements
        claims                       list=map keys=name
      io.k8s.api.core.v1.ResourceClaim
        name                         required
      io.k8s.api.core.v1.ContainerRestartRule
        action                       required
      io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes
        operator                     required
        values                       list=set
      io.k8s.api.core.v1.AppArmorProfile
        type                         required
      io.k8s.api.core.v1.Capabilities
        add                          list=atomic
        drop                         list=atomic
      io.k8s.api.core.v1.SeccompProfile
        type                         required
      io.k8s.api.core.v1.VolumeDevice
        devicePath                   required
        name                         required
      io.k8s.api.core.v1.VolumeMount
        bindMountOptions             list=set
        mountPath                    required
        name                         required
      io.k8s.api.core.v1.PodDNSConfig
        nameservers                  list=atomic
        options                      list=atomic
        searches                     list=atomic
      io.k8s.api.core.v1.EphemeralContainer
        args                         list=atomic
        command                      list=atomic
        env                          strategy=merge key=name list=map keys=name
        envFrom                      list=atomic
        name                         required
        ports                        strategy=merge key=containerPort list=map keys=containerPort,protocol
        resizePolicy                 list=atomic
        restartPolicyRules           list=atomic
        volumeDevices                strategy=merge key=devicePath list=map keys=devicePath
        volumeMounts                 strategy=merge key=mountPath list=map keys=mountPath
      io.k8s.api.core.v1.EvictionResponder map=atomic
        name                         required
        priority                     required
      io.k8s.api.core.v1.HostAlias
        hostnames                    list=atomic
        ip                           required
      io.k8s.api.core.v1.LocalObjectReference map=atomic
        name                         default=""
      io.k8s.api.core.v1.PodOS
        name                         required
      io.k8s.api.core.v1.PodReadinessGate
        conditionType                required
      io.k8s.api.core.v1.PodResourceClaim
        name                         required
      io.k8s.api.core.v1.PodSchedulingGate
        name                         required
      io.k8s.api.core.v1.PodSecurityContext
        supplementalGroups           list=atomic
        sysctls                      list=atomic
      io.k8s.api.core.v1.Sysctl
        name                         required
        value                        required
      io.k8s.api.core.v1.TopologySpreadConstraint
        matchLabelKeys               list=atomic
        maxSkew                      required
        topologyKey                  required
        whenUnsatisfiable            required
      io.k8s.api.core.v1.Volume
        name                         required
      io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource
        volumeID                     required
      io.k8s.api.core.v1.AzureDiskVolumeSource
        diskName                     required
        diskURI                      required
        fsType                       default="ext4"
        readOnly                     default=false
      io.k8s.api.core.v1.AzureFileVolumeSource
        secretName                   required
        shareName                    required
      io.k8s.api.core.v1.CephFSVolumeSource
        monitors                     required list=atomic
      io.k8s.api.core.v1.CinderVolumeSource
        volumeID                     required
      io.k8s.api.core.v1.ConfigMapVolumeSource
        items                        list=atomic
        name                         default=""
      io.k8s.api.core.v1.KeyToPath
        key                          required
        path                         required
      io.k8s.api.core.v1.CSIVolumeSource
        driver                       required
      io.k8s.api.core.v1.DownwardAPIVolumeSource
        items                        list=atomic
      io.k8s.api.core.v1.DownwardAPIVolumeFile
        path                         required
      io.k8s.api.core.v1.PersistentVolumeClaimTemplate
        spec                         required
      io.k8s.api.core.v1.PersistentVolumeClaimSpec
        accessModes                  list=atomic
      io.k8s.api.core.v1.TypedLocalObjectReference map=atomic
        kind                         required
        name                         required
      io.k8s.api.core.v1.TypedObjectReference
        kind                         required
        name                         required
      io.k8s.api.core.v1.FCVolumeSource
        targetWWNs                   list=atomic
        wwids                        list=atomic
      io.k8s.api.core.v1.FlexVolumeSource
        driver                       required
      io.k8s.api.core.v1.GCEPersistentDiskVolumeSource
        pdName                       required
      io.k8s.api.core.v1.GitRepoVolumeSource
        repository                   required
      io.k8s.api.core.v1.GlusterfsVolumeSource
        endpoints                    required
        path                         required
      io.k8s.api.core.v1.HostPathVolumeSource
        path                         required
      io.k8s.api.core.v1.ISCSIVolumeSource
        iqn                          required
        iscsiInterface               default="default"
        lun                          required
        portals                      list=atomic
        targetPortal                 required
      io.k8s.api.core.v1.NFSVolumeSource
        path                         required
        server                       required
      io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource
        claimName                    required
      io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource
        pdID                         required
      io.k8s.api.core.v1.PortworxVolumeSource
        volumeID                     required
      io.k8s.api.core.v1.ProjectedVolumeSource
        sources                      list=atomic
      io.k8s.api.core.v1.ClusterTrustBundleProjection
        path                         required
      io.k8s.api.core.v1.ConfigMapProjection
        items                        list=atomic
        name                         default=""
      io.k8s.api.core.v1.DownwardAPIProjection
        items                        list=atomic
      io.k8s.api.core.v1.PodCertificateProjection
        keyType                      required
        signerName                   required
      io.k8s.api.core.v1.SecretProjection
        items                        list=atomic
        name                         default=""
      io.k8s.api.core.v1.ServiceAccountTokenProjection
        path                         required
      io.k8s.api.core.v1.QuobyteVolumeSource
        registry                     required
        volume                       required
      io.k8s.api.core.v1.RBDVolumeSource
        image                        required
        keyring                      default="/etc/ceph/keyring"
        monitors                     required list=atomic
        pool                         default="rbd"
        user                         default="admin"
      io.k8s.api.core.v1.ScaleIOVolumeSource
        fsType                       default="xfs"
        gateway                      required
        secretRef                    required
        storageMode                  default="ThinProvisioned"
        system                       required
      io.k8s.api.core.v1.SecretVolumeSource
        items                        list=atomic
      io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource
        volumePath                   required
      io.k8s.api.core.v1.PodStatus
        conditions                   strategy=merge key=type list=map keys=type
        containerStatuses            list=atomic
        ephemeralContainerStatuses   list=atomic
        hostIPs                      strategy=merge key=ip list=atomic
        initContainerStatuses        list=atomic
        nodeAllocatableResourceClaimStatuses strategy=merge key=resourceClaimName list=map keys=resourceClaimName
        podIPs                       strategy=merge key=ip list=map keys=ip
        resourceClaimStatuses        strategy=merge,retainKeys key=name list=map keys=name
        startTime                    format=date-time
        volumeHealth                 list=map keys=name
      io.k8s.api.core.v1.PodCondition
        lastProbeTime                format=date-time
        lastTransitionTime           format=date-time
        status                       required
        type                         required
      io.k8s.api.core.v1.ContainerStatus
        allocatedResourcesStatus     strategy=merge key=name list=map keys=name
        image                        required
        imageID                      required
        name                         required
        ready                        required
        restartCount                 required
        volumeMounts                 strategy=merge key=mountPath list=map keys=mountPath
      io.k8s.api.core.v1.ResourceStatus
        name                         required
        resources                    list=map keys=resourceID
      io.k8s.api.core.v1.ResourceHealth
        resourceID                   required
      io.k8s.api.core.v1.ContainerStateRunning
        startedAt                    format=date-time
      io.k8s.api.core.v1.ContainerStateTerminated
        exitCode                     required
        finishedAt                   format=date-time
        startedAt                    format=date-time
      io.k8s.api.core.v1.LinuxContainerUser
        gid                          required
        supplementalGroups           list=atomic
        uid                          required
      io.k8s.api.core.v1.VolumeMountStatus
        mountPath                    required
        name                         required
      io.k8s.api.core.v1.ImageVolumeStatus
        imageRef                     required
      io.k8s.api.core.v1.PodExtendedResourceClaimStatus
        requestMappings              required list=atomic
        resourceClaimName            required
      io.k8s.api.core.v1.ContainerExtendedResourceRequest
        containerName                required
        requestName                  required
        resourceName                 required
      io.k8s.api.core.v1.HostIP
        ip                           required
      io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus
        containers                   list=set
        mapping                      strategy=merge key=name list=map keys=name
        overhead                     strategy=merge key=name list=map keys=name
        resourceClaimName            required
      io.k8s.api.core.v1.NodeAllocatableMappedResources
        name                         required
        quantity                     required
      io.k8s.api.core.v1.NodeAllocatableOverheadResources
        name                         required
      io.k8s.api.core.v1.PodIP
        ip                           required
      io.k8s.api.core.v1.PodResourceClaimStatus
        name                         required
      io.k8s.api.core.v1.PodVolumeHealth
        healthConditions             strategy=merge key=status list=map keys=status,reason
        lastTransitionTime           format=date-time
        name                         required
      io.k8s.api.core.v1.VolumeHealthCondition
        reason                       required
        status                       required
      io.k8s.api.core.v1.PodList
        items                        required
      io.k8s.api.core.v1.ServiceSpec
        clusterIPs                   list=atomic
        externalIPs                  list=atomic
        ipFamilies                   list=atomic
        loadBalancerSourceRanges     list=atomic
        ports                        strategy=merge key=port list=map keys=port,protocol
        selector                     map=atomic
      io.k8s.api.core.v1.ServicePort
        port                         required
        protocol                     default="TCP"
      io.k8s.api.core.v1.ServiceStatus
        conditions                   strategy=merge key=type list=map keys=type
      io.k8s.apimachinery.pkg.apis.meta.v1.Condition
        lastTransitionTime           required format=date-time
        message                      required
        reason                       required
        status                       required
        type                         required
      io.k8s.api.core.v1.LoadBalancerStatus
        ingress                      list=atomic
      io.k8s.api.core.v1.LoadBalancerIngress
        ports                        list=atomic
      io.k8s.api.core.v1.PortStatus
        port                         required
        protocol                     required
      io.k8s.api.core.v1.ServiceList
        items                        required
      io.k8s.api.core.v1.Endpoints
        subsets                      list=atomic
      io.k8s.api.core.v1.EndpointSubset
        addresses                    list=atomic
        notReadyAddresses            list=atomic
        ports                        list=atomic
      io.k8s.api.core.v1.EndpointAddress map=atomic
        ip                           required
      io.k8s.api.core.v1.ObjectReference map=atomic
      io.k8s.api.core.v1.EndpointPort map=atomic
        port                         required
      io.k8s.api.core.v1.EndpointsList
        items                        required
      io.k8s.api.core.v1.PersistentVolumeClaimStatus
        accessModes                  list=atomic
        allocatedResourceStatuses    map=granular
        conditions                   strategy=merge key=type list=map keys=type
      io.k8s.api.core.v1.PersistentVolumeClaimCondition
        lastProbeTime                format=date-time
        lastTransitionTime           format=date-time
        status                       required
        type                         required
      io.k8s.api.core.v1.VolumeHealthStatus
        healthConditions             strategy=merge key=status list=map keys=status,reason
        lastTransitionTime           format=date-time
      io.k8s.api.core.v1.ModifyVolumeStatus
        status                       required
      io.k8s.api.core.v1.PersistentVolumeClaimList
        items                        required
      io.k8s.api.core.v1.PersistentVolumeSpec
        accessModes                  list=atomic
        claimRef                     map=granular
        mountOptions                 list=atomic
      io.k8s.api.core.v1.AzureFilePersistentVolumeSource
        secretName                   required
        shareName                    required
      io.k8s.api.core.v1.CephFSPersistentVolumeSource
        monitors                     required list=atomic
      io.k8s.api.core.v1.SecretReference map=atomic
      io.k8s.api.core.v1.CinderPersistentVolumeSource
        volumeID                     required
      io.k8s.api.core.v1.CSIPersistentVolumeSource
        driver                       required
        volumeHandle                 required
      io.k8s.api.core.v1.FlexPersistentVolumeSource
        driver                       required
      io.k8s.api.core.v1.GlusterfsPersistentVolumeSource
        endpoints                    required
        path                         required
      io.k8s.api.core.v1.ISCSIPersistentVolumeSource
        iqn                          required
        iscsiInterface               default="default"
        lun                          required
        portals                      list=atomic
        targetPortal                 required
      io.k8s.api.core.v1.LocalVolumeSource
        path                         required
      io.k8s.api.core.v1.RBDPersistentVolumeSource
        image                        required
        keyring                      default="/etc/ceph/keyring"
        monitors                     required list=atomic
        pool                         default="rbd"
        user                         default="admin"
      io.k8s.api.core.v1.ScaleIOPersistentVolumeSource
        fsType                       default="xfs"
        gateway                      required
        secretRef                    required
        storageMode                  default="ThinProvisioned"
        system                       required
      io.k8s.api.core.v1.PersistentVolumeStatus
        lastPhaseTransitionTime      format=date-time
      io.k8s.api.core.v1.PersistentVolumeList
        items                        required
      io.k8s.api.core.v1.ConfigMap
        binaryData                   format=byte
      io.k8s.api.core.v1.ConfigMapList
        items                        required
      io.k8s.api.core.v1.Secret
        data                         format=byte
      io.k8s.api.core.v1.SecretList
        items                        required
      io.k8s.api.core.v1.ServiceAccount
        imagePullSecrets             list=atomic
        secrets                      strategy=merge key=name list=map keys=name
      io.k8s.api.core.v1.ServiceAccountList
        items                        required
      io.k8s.api.core.v1.Event
        metadata                     required
        eventTime                    format=date-time
        firstTimestamp               format=date-time
        involvedObject               required
        lastTimestamp                format=date-time
      io.k8s.api.core.v1.EventSeries
        lastObservedTime             format=date-time
      io.k8s.api.core.v1.EventList
        items                        required
      io.k8s.api.apps.v1.StatefulSetSpec
        selector                     required
        serviceName                  required
        template                     required
        volumeClaimTemplates         list=atomic
      io.k8s.api.apps.v1.StatefulSetStatus
        conditions                   strategy=merge key=type list=map keys=type
        replicas                     required
      io.k8s.api.apps.v1.StatefulSetCondition
        lastTransitionTime           format=date-time
        status                       required
        type                         required
      io.k8s.api.apps.v1.StatefulSetList
        items                        required
      io.k8s.api.apps.v1.DeploymentSpec
        selector                     required
        strategy                     strategy=retainKeys
        template                     required
      io.k8s.api.apps.v1.DeploymentStatus
        conditions                   strategy=merge key=type list=map keys=type
      io.k8s.api.apps.v1.DeploymentCondition
        lastTransitionTime           format=date-time
        lastUpdateTime               format=date-time
        status                       required
        type                         required
      io.k8s.api.apps.v1.DeploymentList
        items                        required
      io.k8s.api.apps.v1.ReplicaSetSpec
        selector                     required
      io.k8s.api.apps.v1.ReplicaSetStatus
        conditions                   strategy=merge key=type list=map keys=type
        replicas                     required
      io.k8s.api.apps.v1.ReplicaSetCondition
        lastTransitionTime           format=date-time
        status                       required
        type                         required
      io.k8s.api.apps.v1.ReplicaSetList
        items                        required
      io.k8s.api.apps.v1.ControllerRevision
        revision                     required
      io.k8s.api.apps.v1.ControllerRevisionList
        items                        required
      io.k8s.api.discovery.v1.EndpointSlice
        addressType                  required
        endpoints                    required list=atomic
        ports                        list=atomic
      io.k8s.api.discovery.v1.Endpoint
        addresses                    required list=set
      io.k8s.api.discovery.v1.EndpointHints
        forNodes                     list=atomic
        forZones                     list=atomic
      io.k8s.api.discovery.v1.ForNode
        name                         required
      io.k8s.api.discovery.v1.ForZone
        name                         required
      io.k8s.api.discovery.v1.EndpointPort map=atomic
      io.k8s.api.discovery.v1.EndpointSliceList
        items                        required
      io.k8s.api.events.v1.Event
        deprecatedFirstTimestamp     format=date-time
        deprecatedLastTimestamp      format=date-time
        eventTime                    required format=date-time
      io.k8s.api.events.v1.EventSeries
        count                        required
        lastObservedTime             required format=date-time
      io.k8s.api.events.v1.EventList
        items                        required
      io.k8s.api.storage.v1.StorageClass
        allowedTopologies            list=atomic
        mountOptions                 list=atomic
        provisioner                  required
      io.k8s.api.core.v1.TopologySelectorTerm map=atomic
        matchLabelExpressions        list=atomic
      io.k8s.api.core.v1.TopologySelectorLabelRequirement
        key                          required
        values                       required list=atomic
      io.k8s.api.storage.v1.StorageClassList
        items                        required
      io.k8s.api.coordination.v1.LeaseSpec
        acquireTime                  format=date-time
        renewTime                    format=date-time
      io.k8s.api.coordination.v1.LeaseList
        items                        required
      io.k8s.apimachinery.pkg.apis.meta.v1.Status
        details                      list=atomic
      io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails
        causes                       list=atomic
      io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions
        dryRun                       list=atomic
      io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent
        object                       required
        type                         required
      io.k8s.api.autoscaling.v1.ScaleStatus
        replicas                     required
      io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList
        groupVersion                 required
        resources                    required list=atomic
      io.k8s.apimachinery.pkg.apis.meta.v1.APIResource
        kind                         required
        categories                   list=atomic
        name                         required
        namespaced                   required
        shortNames                   list=atomic
        singularName                 required
        verbs                        required
      """;
}
