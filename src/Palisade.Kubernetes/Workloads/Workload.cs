using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Workloads;

/// <summary>An object that runs pods, seen through its pod template.</summary>
public sealed record Workload(KubernetesObject Object, PodView Pod)
{
    public IReadOnlyList<Container> AllContainers() => Pod.AllContainers();

    /// <summary>The pod template of any workload kind, or null for objects that run no pods.</summary>
    public static Workload? From(KubernetesObject obj) => obj.Workload;

    internal static Workload? Resolve(KubernetesObject obj)
    {
        var root = obj.Root;
        var template = obj.Kind switch
        {
            "Pod" => root,
            "PodTemplate" => root.Map("template"),
            "CronJob" => root.Map("spec")?.Map("jobTemplate")?.Map("spec")?.Map("template"),
            "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet" or "Job" or "ReplicationController" => root.Map("spec")?.Map("template"),
            _ => null,
        };
        if (template?.Map("spec") is not { } spec)
        {
            return null;
        }
        return new Workload(obj, new PodView(template.Map("metadata"), spec));
    }

    /// <summary>The namespace the pods run in; manifests without one land in the user's current namespace.</summary>
    public string? Namespace => Object.Namespace;

    public YamlMapping? PodLabels => Pod.Metadata?.Map("labels") ?? (Object.Kind == "Pod" ? Object.Metadata?.Map("labels") : null);
}
