using Palisade.Cluster.Checks;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Providers;

namespace Palisade.Cluster.Versions;

/// <summary>
/// The support calendar (end of life, ending within 60 days, a newer patch) and Kubernetes CVEs from the advisory
/// provider's OSV records, for any Kubernetes version wherever it was seen.
/// </summary>
public sealed class KubernetesVersionAdvisor(KubernetesReleases releases, DateOnly today, IAdvisoryProvider? advisories) : IKubernetesVersionAdvisor
{
    public bool HasAdvisories => advisories is not null;

    public async Task<IReadOnlyList<Finding>> AdviseAsync(string gitVersion, string who, Target target, KubernetesComponent component, CancellationToken cancellationToken) =>
        KubeVersion.Parse(gitVersion) is { } version ? await AdviseAsync(version, who, target, component, cancellationToken).ConfigureAwait(false) : [];

    internal async Task<IReadOnlyList<Finding>> AdviseAsync(KubeVersion version, string who, Target target, KubernetesComponent component, CancellationToken cancellationToken)
    {
        string[] packages = component == KubernetesComponent.ApiServer ? ["k8s.io/kubernetes", "k8s.io/apiserver"] : ["k8s.io/kubelet", "k8s.io/kubernetes"];
        return [.. Support(version, who, target), .. await CvesAsync(version, who, packages, target, cancellationToken).ConfigureAwait(false)];
    }

    private IEnumerable<Finding> Support(KubeVersion version, string who, Target target)
    {
        var support = ReleaseSupport.For(version, releases, today);
        return ClusterChecks.Version.SelectMany(check => check.Evaluate(version, support)
            .Select(hit => new Finding(check.Info, target, $"{who}: {hit.Message}", version.Text)));
    }

    private async Task<IEnumerable<Finding>> CvesAsync(KubeVersion version, string who, string[] packages, Target target, CancellationToken cancellationToken)
    {
        if (advisories is null)
        {
            return [];
        }
        var matches = (await advisories.MatchAsync([.. packages.Select(p => new PackageQuery("kubernetes", p, version.Plain))], cancellationToken).ConfigureAwait(false)).Matches;
        return matches.GroupBy(m => m.AdvisoryId).Select(g =>
        {
            var match = g.First();
            var check = VulnerabilityChecks.For(match, (match.AdvisoryId, match.AdvisoryId),
                match.FixedVersion is { } fix ? $"Upgrade to {fix} or later." : "No fixed version is listed; follow the advisory's mitigation.");
            return new Finding(check, target, $"{who}: {match.AdvisoryId} affects {match.Package.Name} {version.Plain}{(match.FixedVersion is { } f ? $", fixed in {f}" : "")}", version.Text)
            {
                Vulnerability = new VulnerabilityDetail(match.AdvisoryId, match.Package.Name, "kubernetes", version.Plain, match.Status.ToSlug(), match.Source)
                {
                    Aliases = match.Aliases,
                    FixedVersion = match.FixedVersion,
                    SeveritySource = match.RatingSource ?? "unrated",
                },
            };
        });
    }
}
