using Palisade.Cluster.Snapshot;
using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Cluster;

/// <summary>The snapshot's raw objects parsed into the same object model the manifest scanner uses.</summary>
public static class ClusterObjects
{
    private static readonly DocumentLimits Limits = new() { MaxFileBytes = 64 * 1024 * 1024, MaxDocuments = 1 };

    public static (IReadOnlyList<KubernetesObject> Objects, IReadOnlyList<Diagnostic> Problems) Parse(ClusterSnapshot snapshot)
    {
        var objects = new List<KubernetesObject>();
        var problems = new List<Diagnostic>();
        var reader = new JsonTreeReader(Limits);
        foreach (var resource in snapshot.Resources)
        {
            var index = 0;
            foreach (var item in resource.Items)
            {
                index++;
                var outcome = reader.Read(item);
                if (outcome.Errors.Count > 0 || outcome.Documents.Count == 0 || outcome.Documents[0].Root is not YamlMapping root)
                {
                    problems.Add(new Diagnostic(resource.Resource, null, $"object {index} could not be read ({outcome.Errors.FirstOrDefault()?.Message ?? "not an object"}); skipped"));
                    continue;
                }
                if (KubernetesObject.From(root, $"{resource.Resource}", out var problem) is { } obj)
                {
                    objects.Add(obj);
                }
                else
                {
                    problems.Add(new Diagnostic(resource.Resource, null, $"object {index}: {problem}"));
                }
            }
        }
        return (objects, problems);
    }

    /// <summary>
    /// Objects that a controller owns and that would only repeat their owner's findings (pods of a ReplicaSet,
    /// ReplicaSets of a Deployment, Jobs of a CronJob) are dropped when the owner itself was collected.
    /// </summary>
    public static IReadOnlyList<KubernetesObject> WithoutOwnedCopies(IReadOnlyList<KubernetesObject> objects)
    {
        var present = objects.Select(o => (o.Kind, o.Namespace, o.Name)).ToHashSet();
        return [.. objects.Where(o => !(o.Kind is "Pod" or "ReplicaSet" or "Job" && Controller(o) is { } owner && present.Contains((owner.Kind, o.Namespace, owner.Name))))];
    }

    /// <summary>The owner that controls the object, through any chain of owners present (a Pod's ReplicaSet's Deployment).</summary>
    public static (string Kind, string Name)? Controller(KubernetesObject obj) =>
        obj.Metadata?.Maps("ownerReferences").Where(r => r.Bool("controller") == true).Select(r => (r.Str("kind") ?? "", r.Str("name") ?? "")).FirstOrDefault() is { Item1.Length: > 0 } owner
            ? owner : null;
}
