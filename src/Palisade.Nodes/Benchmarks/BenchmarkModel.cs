using Palisade.Core.Findings;

namespace Palisade.Nodes.Benchmarks;

/// <summary>A CIS Kubernetes Benchmark version, as our own data: sections, groups, controls.</summary>
public sealed record Benchmark(string Version, IReadOnlyList<BenchmarkSection> Sections)
{
    public IEnumerable<Control> Controls => Sections.SelectMany(s => s.Groups).SelectMany(g => g.Controls);
}

/// <summary>One file of a benchmark: a numbered section for one target (master, etcd, controlplane, node, policies).</summary>
public sealed record BenchmarkSection(string Id, string Title, string Target, IReadOnlyList<ControlGroup> Groups);

public sealed record ControlGroup(string Id, string Title, IReadOnlyList<Control> Controls);

public sealed record Control(
    string Id,
    CheckInfo Check,
    bool Automated,
    int Level,
    string Component,
    IReadOnlyList<AuditCondition> Audit,
    bool MatchAny,
    string Group);

/// <summary>One condition of a control: a source to read and what its value must satisfy.</summary>
public sealed record AuditCondition(AuditSource Source, Expectation Expect);

public abstract record AuditSource;

/// <summary>
/// A component setting: a flag, or the same setting in the component's config file, or a feature gate, with the
/// component's own defaults (which differ for the kubelet depending on whether a config file is used).
/// </summary>
public sealed record SettingSource(string Component, string? Flag, string? ConfigPath, string? FeatureGate, string? Default, string? ConfigDefault) : AuditSource
{
    public string Name => FeatureGate is { } gate ? $"feature gate {gate}" : Flag ?? ConfigPath ?? "";
}

/// <summary>A file or directory named by a path key (distributions.yaml), a host path, or a component setting.</summary>
public sealed record FileSource(string? PathKey, SettingSource? PathFrom, FileProperty Property, string? Pattern, bool Recursive, bool Optional) : AuditSource;

public enum FileProperty
{
    Mode,
    Owner,
}

public enum ExpectOperator
{
    Equals,
    NotEquals,
    Present,
    Absent,
    Contains,
    NotContains,
    GreaterOrEqual,
    PermissionsAtMost,
    Owner,
}

public sealed record Expectation(ExpectOperator Op, IReadOnlyList<string> Values);
