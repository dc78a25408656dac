using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Kubernetes.Checks;

/// <summary>Settings every check of one scan shares.</summary>
public sealed record ManifestContext(PodSecurityProfile PodSecurity)
{
    public static ManifestContext Default { get; } = new(PodSecurityProfile.For(PssLevel.Restricted, PssVersion.Latest));

    /// <summary>Registries images may come from; empty means any.</summary>
    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];
}
