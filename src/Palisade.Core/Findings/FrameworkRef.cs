namespace Palisade.Core.Findings;

public enum Framework
{
    /// <summary>Pod Security Standards; the control is <c>level/control</c>, e.g. <c>baseline/privileged</c>.</summary>
    PodSecurityStandards,

    /// <summary>CIS Kubernetes Benchmark; the control is its number, e.g. <c>5.2.2</c>.</summary>
    Cis,

    /// <summary>NSA/CISA Kubernetes Hardening Guidance; the control names the guidance section.</summary>
    NsaCisa,
}

public sealed record FrameworkRef(Framework Framework, string Control)
{
    public static FrameworkRef Pss(string level, string control) => new(Framework.PodSecurityStandards, $"{level}/{control}");

    public static FrameworkRef Cis(string control) => new(Framework.Cis, control);

    public static FrameworkRef Nsa(string section) => new(Framework.NsaCisa, section);
}
