using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>
/// The rule a control applies from <see cref="MinimumMinor"/> on, and the controls it replaces at that version
/// (as Pod Security Admission's <c>OverrideCheckIDs</c>: restricted capabilities replace baseline capabilities).
/// </summary>
public sealed record PssRule(int MinimumMinor, Func<PodView, IEnumerable<CheckHit>> Evaluate, params string[] Overrides);

/// <summary>One Pod Security Standards control, with its versioned rules, as Pod Security Admission defines it.</summary>
public interface IPodSecurityControl
{
    /// <summary>The control id as Pod Security Admission names it, e.g. <c>seccompProfile_restricted</c>.</summary>
    string ControlId { get; }

    PssLevel Level { get; }

    CheckInfo Info { get; }

    /// <summary>Ordered by minimum version.</summary>
    IReadOnlyList<PssRule> Rules { get; }
}
