using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Kubernetes.Checks;

/// <summary>Settings every check of one scan shares.</summary>
public sealed record ManifestContext(PssLevel PodSecurityLevel, PssVersion PodSecurityVersion)
{
    public static ManifestContext Default { get; } = new(PssLevel.Restricted, PssVersion.Latest);
}
