using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class SensitiveHostPathCheck : WorkloadCheck
{
    // Mounting these, or anything under the directories, hands the container the node or its container runtime.
    private static readonly string[] Exact = ["/"];
    private static readonly string[] Trees =
    [
        "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd",
        "/var/lib/etcd", "/etc/kubernetes", "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd", "/run/containerd",
        "/var/run/crio", "/run/crio", "/var/run/cri-dockerd.sock", "/run/cri-dockerd.sock", "/var/log",
    ];
    // Parents of runtime sockets expose them too.
    private static readonly string[] SocketParents = ["/var/run", "/run", "/var", "/var/lib"];

    /// <summary>Paths sensitive themselves (the root, sockets' parents).</summary>
    public static IReadOnlyList<string> ExactPaths => [.. Exact, .. SocketParents];

    /// <summary>Paths sensitive with everything under them.</summary>
    public static IReadOnlyList<string> SensitiveTrees => Trees;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.host-path-sensitive"),
        Title = "Sensitive host path mounted",
        Severity = Severity.Critical,
        Description = "Mounting the node's root, /etc, /proc, the kubelet's directory or a container runtime socket is a direct escape to the host.",
        Remediation = "Do not mount node system paths or runtime sockets; if an agent truly needs one, isolate it in a dedicated, tightly controlled namespace.",
        Mitre = CheckInfo.Techniques("T1611", "T1610", "T1552.001"),
        Frameworks = [FrameworkRef.Nsa("Pod security: host path")],
        Aliases = ["KSV006", "KSV121", "C-0074", "C-0045"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        foreach (var volume in workload.Pod.Volumes)
        {
            if (volume.Map("hostPath")?.Scalar("path") is not { } pathNode)
            {
                continue;
            }
            var path = Normalize(pathNode.Value);
            if (IsSensitive(path))
            {
                yield return new CheckHit(pathNode, $"volume '{volume.Str("name")}' mounts sensitive host path '{pathNode.Value}'", $"hostPath.path: {pathNode.Value}");
            }
        }
    }

    internal static bool IsSensitive(string path) =>
        Exact.Contains(path) || SocketParents.Contains(path)
        || Trees.Any(tree => path == tree || path.StartsWith(tree + "/", StringComparison.Ordinal));

    /// <summary>Collapses <c>//</c>, <c>/./</c>, <c>..</c> and trailing slashes so spelling cannot hide a path.</summary>
    internal static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return "/" + string.Join('/', parts);
    }
}
