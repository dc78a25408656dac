using Palisade.Cluster.Snapshot;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Vulnerabilities.Matching;

namespace Palisade.Cluster.Versions;

/// <summary>
/// The API server's and every kubelet's version against the support calendar (end of life, ending within 60 days,
/// newer patch available), the kubelet/API server skew, and Kubernetes CVEs from the database's OSV records.
/// </summary>
public static class VersionFindings
{
    private const int WarningDays = 60;
    private const int SupportedKubeletLag = 3;

    public static IEnumerable<Finding> For(ClusterSnapshot snapshot, IReadOnlyList<KubernetesObject> objects, ClusterScanOptions options)
    {
        var findings = new List<Finding>();
        var server = KubeVersion.Parse(snapshot.Version?.GitVersion);
        var cluster = new ResourceRef("Cluster", null, snapshot.Context);
        if (server is not null)
        {
            findings.AddRange(Support(server, "the API server", new Target(null, cluster), options));
            findings.AddRange(Cves(server, "the API server", ["k8s.io/kubernetes", "k8s.io/apiserver"], new Target(null, cluster), options));
        }
        var nodes = objects.Where(o => o.Kind == "Node")
            .Select(n => (Node: n, Version: KubeVersion.Parse(n.Root.Map("status")?.Map("nodeInfo")?.Str("kubeletVersion"))))
            .Where(n => n.Version is not null).ToList();
        // Nodes on the same version share one finding, naming them, rather than one finding per node.
        foreach (var group in nodes.GroupBy(n => n.Version!.Text))
        {
            var version = group.First().Version!;
            var names = group.Select(n => n.Node.Name).Order(StringComparer.Ordinal).ToList();
            var target = new Target(null, new ResourceRef("Node", null, names.Count == 1 ? names[0] : $"{names[0]} and {names.Count - 1} more"));
            var who = $"kubelet {version.Text} on {(names.Count == 1 ? names[0] : $"{names.Count} nodes ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")})")}";
            if (server is null || version.Minor != server.Minor || version.Patch != server.Patch)
            {
                findings.AddRange(Support(version, who, target, options));
            }
            findings.AddRange(Cves(version, who, ["k8s.io/kubelet", "k8s.io/kubernetes"], target, options).Where(f => !findings.Any(e => e.Check.Id == f.Check.Id && e.Target == f.Target)));
            if (server is not null && version.Major == server.Major && (version.Minor > server.Minor || server.Minor - version.Minor > SupportedKubeletLag))
            {
                findings.Add(new Finding(ClusterChecks.Skew, target,
                    version.Minor > server.Minor
                        ? $"{who} is newer than the API server ({server.Text}); kubelets must not be newer than the control plane"
                        : $"{who} is {server.Minor - version.Minor} minor versions behind the API server ({server.Text}); at most {SupportedKubeletLag} are supported",
                    $"{version.Text} vs {server.Text}"));
            }
        }
        return findings;
    }

    private static IEnumerable<Finding> Support(KubeVersion version, string who, Target target, ClusterScanOptions options)
    {
        var release = options.Releases.Find(version.Minor);
        if (release is null || version.Major != 1)
        {
            yield break;
        }
        var supported = options.Releases.Supported(options.Today).Select(m => $"1.{m.Minor}").ToList();
        var estimated = release.Estimated ? " (an estimated date)" : "";
        if (release.EndOfLife < options.Today)
        {
            yield return new Finding(ClusterChecks.EndOfLife, target,
                $"{who}: Kubernetes 1.{release.Minor} reached end of life on {release.EndOfLife:yyyy-MM-dd}{estimated}; supported now: {string.Join(", ", supported)}",
                version.Text);
        }
        else if (release.EndOfLife.DayNumber - options.Today.DayNumber <= WarningDays)
        {
            yield return new Finding(ClusterChecks.EndsSoon, target,
                $"{who}: Kubernetes 1.{release.Minor} leaves support on {release.EndOfLife:yyyy-MM-dd}{estimated}, in {release.EndOfLife.DayNumber - options.Today.DayNumber} days",
                version.Text);
        }
        if (KubeVersion.Parse(release.LatestPatch) is { } latest && latest.Patch > version.Patch)
        {
            yield return new Finding(ClusterChecks.PatchBehind, target, $"{who}: {version.Plain} is behind the latest patch release {latest.Plain}", version.Text);
        }
    }

    private static IEnumerable<Finding> Cves(KubeVersion version, string who, string[] packages, Target target, ClusterScanOptions options)
    {
        if (options.Advisories is null)
        {
            return [];
        }
        var matches = new Matcher(options.Advisories).Match(packages.Select(p => new PackageQuery("kubernetes", p, version.Plain))).Matches;
        return matches.GroupBy(m => m.AdvisoryId).Select(g =>
        {
            var match = g.First();
            var severity = match.Rating is { } rating && SeverityNames.TryParse(rating, out var parsed) ? parsed : Severity.Medium;
            var check = new CheckInfo
            {
                Id = CheckId.Parse("vuln." + new string([.. match.AdvisoryId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-')),
                Title = match.Summary is { } summary ? $"{match.AdvisoryId}: {summary}" : match.AdvisoryId,
                Severity = severity,
                Description = match.Summary ?? match.AdvisoryId,
                Remediation = match.FixedVersion is { } fix ? $"Upgrade to {fix} or later." : "No fixed version is listed; follow the advisory's mitigation.",
                Mitre = CheckInfo.Techniques("T1190", "T1068"),
                Aliases = [match.AdvisoryId, .. match.Aliases],
            };
            return new Finding(check, target, $"{who}: {match.AdvisoryId} affects {match.Package.Name} {version.Plain}{(match.FixedVersion is { } f ? $", fixed in {f}" : "")}", version.Text)
            {
                Vulnerability = new VulnerabilityDetail(match.AdvisoryId, match.Package.Name, "kubernetes", version.Plain, match.Status.ToString().ToLowerInvariant() switch { "willnotfix" => "will-not-fix", "endoflife" => "end-of-life", var s => s }, match.Source)
                {
                    Aliases = match.Aliases,
                    FixedVersion = match.FixedVersion,
                    SeveritySource = match.RatingSource ?? "unrated",
                },
            };
        });
    }
}
