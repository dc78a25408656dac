using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks;

/// <summary>A check over one object at a time.</summary>
public interface IManifestCheck
{
    CheckInfo Info { get; }

    IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context);
}

/// <summary>
/// A check that needs to see the whole scanned set (e.g. which namespaces have network policies). It keeps only
/// small facts per object so a scan still streams.
/// </summary>
public interface ICrossObjectCheck
{
    CheckInfo Info { get; }

    ICrossObjectAccumulator CreateAccumulator(ManifestContext context);
}

public interface ICrossObjectAccumulator
{
    void Observe(KubernetesObject obj);

    IEnumerable<(KubernetesObjectSummary Object, CheckHit Hit)> Complete();
}

/// <summary>Just enough of an object to report a finding on it after the object itself is gone.</summary>
public sealed record KubernetesObjectSummary(ResourceRef Resource, SourceLocation Location, IReadOnlyList<string> IgnoredChecks);
