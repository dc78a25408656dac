using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity;

public sealed record PssViolation(IPodSecurityControl Control, CheckHit Hit);

/// <summary>
/// The controls in force for one level and version: every control at or below the level, each with the newest rule
/// not newer than the version, minus the controls those rules override.
/// </summary>
public sealed class PodSecurityProfile
{
    private readonly Dictionary<string, (IPodSecurityControl Control, PssRule Rule)> _active;

    public PodSecurityProfile(PssLevel level, PssVersion version, IReadOnlyList<IPodSecurityControl> controls)
    {
        Level = level;
        Version = version;
        var candidates = new Dictionary<string, (IPodSecurityControl, PssRule)>(StringComparer.Ordinal);
        foreach (var control in controls.Where(c => c.Level <= level))
        {
            if (control.Rules.LastOrDefault(r => r.MinimumMinor <= version.Minor) is { } rule)
            {
                candidates[control.ControlId] = (control, rule);
            }
        }
        foreach (var overridden in candidates.Values.SelectMany(c => c.Item2.Overrides).ToList())
        {
            candidates.Remove(overridden);
        }
        _active = candidates;
    }

    public PssLevel Level { get; }

    public PssVersion Version { get; }

    public static PodSecurityProfile For(PssLevel level, PssVersion version) => new(level, version, PodSecurityControls.All);

    public bool TryGetRule(string controlId, out PssRule rule)
    {
        var found = _active.TryGetValue(controlId, out var entry);
        rule = entry.Rule;
        return found;
    }

    public IReadOnlyList<PssViolation> Evaluate(PodView pod) =>
        [.. _active.Values.SelectMany(a => a.Rule.Evaluate(pod).Select(hit => new PssViolation(a.Control, hit)))];
}
