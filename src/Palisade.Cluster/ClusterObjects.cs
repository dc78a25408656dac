using System.Text.Json;
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
        foreach (var resource in snapshot.Resources)
        {
            var index = 0;
            foreach (var item in resource.Items)
            {
                index++;
                string? unreadable = "not an object";
                if (item.ValueKind != JsonValueKind.Object || JsonElementTree.From(item, Limits, out unreadable) is not YamlMapping root)
                {
                    problems.Add(new Diagnostic(resource.Resource, null, $"object {index} could not be read ({unreadable}); skipped"));
                    continue;
                }
                if (KubernetesObject.From(Typed(root, resource), resource.Resource, out var problem) is { } obj)
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

    /// <summary>A list's items leave out apiVersion and kind: they are the resource's.</summary>
    private static YamlMapping Typed(YamlMapping root, ResourceItems resource)
    {
        if (root.Has("kind") && root.Has("apiVersion") || resource.ApiVersion is null)
        {
            return root;
        }
        var nowhere = new Mark(0, 0);
        YamlEntry Entry(string key, string value) => new(new YamlScalar(nowhere, key, false), new YamlScalar(nowhere, value, false));
        return root with { Entries = [Entry("apiVersion", resource.ApiVersion), Entry("kind", resource.Kind), .. root.Entries.Where(e => e.Key.Value is not ("apiVersion" or "kind"))] };
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
