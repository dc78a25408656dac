using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class VolumeTypesControl : PodSecurityControlBase
{
    // Pod Security Admission names the forbidden sources; anything else (configMap, csi, downwardAPI, emptyDir,
    // ephemeral, persistentVolumeClaim, projected, secret, image) is allowed.
    private static readonly HashSet<string> Forbidden =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume",
        "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "portworxVolume",
        "photonPersistentDisk", "scaleIO", "storageos",
    ];

    /// <summary>The volume sources the restricted level refuses.</summary>
    public static IReadOnlySet<string> ForbiddenTypes => Forbidden;

    public override string ControlId => "restrictedVolumes";
    public override PssLevel Level => PssLevel.Restricted;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.volume-types"),
        Title = "Volume type not allowed by the restricted level",
        Severity = Severity.Low,
        Description = "Restricted pods may only use ephemeral and claim-based volume types; node and network filesystems bypass storage policy.",
        Remediation = "Use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes.",
        Mitre = CheckInfo.Techniques("T1611"),
        Frameworks = [FrameworkRef.Pss("restricted", "volumeTypes")],
        Aliases = ["KSV028"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from volume in pod.Volumes
        from entry in volume.Entries
        where Forbidden.Contains(entry.Key.Value) && volume.Has(entry.Key.Value)
        select Hit(entry.Value, $"volume '{volume.Str("name")}' uses type {entry.Key.Value}", $"volumes[].{entry.Key.Value}");
}
