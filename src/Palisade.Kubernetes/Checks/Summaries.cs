using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks;

internal static class Summaries
{
    public static KubernetesObjectSummary Of(KubernetesObject obj) => new(obj.Ref, obj.Locate(null), IgnoreAnnotation.Read(obj));
}
