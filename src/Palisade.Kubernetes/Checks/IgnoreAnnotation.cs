using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks;

/// <summary><c>palisade.dev/ignore: "check-id[,alias…]"</c> on an object or on its pod template.</summary>
public static class IgnoreAnnotation
{
    public const string Key = "palisade.dev/ignore";

    public static IReadOnlyList<string> Read(KubernetesObject obj)
    {
        var values = new List<string>();
        Add(obj.Annotation(Key), values);
        if (obj.Kind != "Pod" && Workload.From(obj) is { } workload)
        {
            Add(workload.Pod.Annotations?.Str(Key), values);
        }
        return values;
    }

    private static void Add(string? value, List<string> into)
    {
        if (value is not null)
        {
            into.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }
}
