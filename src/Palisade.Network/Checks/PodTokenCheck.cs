using Palisade.Core.Findings;

namespace Palisade.Network.Checks;

/// <summary>This pod's service account token holds risky permissions: raised by the pod review (PodRecon), which owns the request it needs.</summary>
public static class PodTokenCheck
{
    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.pod.service-account-powerful", "This pod's service account token holds risky permissions", Severity.High,
        "The token mounted into the pod the hunter runs in may read secrets, create pods or do anything: whoever compromises the pod gets that.",
        "Give the pod a dedicated service account with only what it needs, or automountServiceAccountToken: false.", ["T1528", "T1552.007"], "KHV050", "KHV005");
}
