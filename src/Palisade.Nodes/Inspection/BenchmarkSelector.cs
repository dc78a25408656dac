using Palisade.Core.Files;
using System.Text.RegularExpressions;
using Palisade.Core.Yaml;
using Palisade.Nodes.Components;
using Palisade.Nodes.Host;

namespace Palisade.Nodes.Inspection;

/// <summary>
/// Picks the CIS benchmark for "auto" from the Kubernetes version: --k8s-version, else the image tag of the API
/// server (or another control-plane) static pod, else kubeadm's kubernetesVersion, else the newest benchmark.
/// </summary>
public static partial class BenchmarkSelector
{
    // Which benchmark covers which Kubernetes minor versions (CIS 1.10: 1.28; 1.11: 1.29-1.31; 1.12: 1.32 and later).
    private static readonly (int FromMinor, string Benchmark)[] Coverage = [(0, "cis-1.10"), (29, "cis-1.11"), (32, "cis-1.12")];

    public static (string Benchmark, string Reason) Select(NodeAuditOptions options, ContainedRoot root, ComponentLocator locator)
    {
        if (options.Benchmark != "auto")
        {
            return (options.Benchmark, "chosen with --benchmark");
        }
        var (version, from) = options.KubernetesVersion is { } given ? (given, "--k8s-version") : Detect(root, locator);
        if (version is not null && MinorOf(version) is { } minor)
        {
            return (Coverage.Last(c => c.FromMinor <= minor).Benchmark, $"Kubernetes {version} from {from}");
        }
        return (Coverage[^1].Benchmark, "Kubernetes version not detected; using the newest benchmark (set --k8s-version or --benchmark)");
    }

    private static (string? Version, string From) Detect(ContainedRoot root, ComponentLocator locator)
    {
        foreach (var manifest in new[] { "apiserver-manifest", "controller-manager-manifest", "scheduler-manifest" })
        {
            if (locator.PathOf(manifest) is { } hostPath && Read(root, hostPath) is { } text && ImageTag().Match(text) is { Success: true } match)
            {
                return (match.Groups[1].Value, hostPath);
            }
        }
        foreach (var hostPath in new[] { "/etc/kubernetes/kubeadm-config.yaml", "/var/lib/kubelet/kubeadm-flags.env" })
        {
            if (Read(root, hostPath) is { } text && KubeadmVersion().Match(text) is { Success: true } match)
            {
                return (match.Groups[1].Value, hostPath);
            }
        }
        return (null, "");
    }

    private static string? Read(ContainedRoot root, string hostPath)
    {
        try
        {
            var path = root.Resolve(hostPath);
            return File.Exists(path) && new FileInfo(path).Length <= DocumentLimits.Default.MaxFileBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static int? MinorOf(string version) =>
        MinorVersion().Match(version) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var minor) ? minor : null;

    [GeneratedRegex(@"image:\s*\S*kube-(?:apiserver|controller-manager|scheduler):(v?\d+\.\d+\.\d+)")]
    private static partial Regex ImageTag();

    [GeneratedRegex(@"kubernetesVersion:\s*(v?\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex KubeadmVersion();

    [GeneratedRegex(@"^v?1\.(\d+)")]
    private static partial Regex MinorVersion();
}
