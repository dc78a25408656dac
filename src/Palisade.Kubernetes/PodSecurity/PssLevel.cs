namespace Palisade.Kubernetes.PodSecurity;

public enum PssLevel
{
    Privileged = 0,
    Baseline = 1,
    Restricted = 2,
}

public static class PssLevels
{
    public static string Slug(this PssLevel level) => level.ToString().ToLowerInvariant();

    public static bool TryParse(string text, out PssLevel level) =>
        Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level);
}
