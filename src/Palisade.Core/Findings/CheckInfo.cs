namespace Palisade.Core.Findings;

/// <summary>The immutable definition of a check, shared by the scanners, the catalogue and the reports.</summary>
public sealed record CheckInfo
{
    public required CheckId Id { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required string Description { get; init; }
    public required string Remediation { get; init; }
    public required IReadOnlyList<AttackTechnique> Mitre { get; init; }
    public IReadOnlyList<FrameworkRef> Frameworks { get; init; } = [];

    /// <summary>Equivalent ids in other tools (Trivy KSV…, kubescape C-…, kube-hunter KHV…) to ease migration.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public FrameworkRef? Reference(Framework framework) => Frameworks.FirstOrDefault(f => f.Framework == framework);

    public static IReadOnlyList<AttackTechnique> Techniques(params string[] ids) => [.. ids.Select(AttackTechnique.Parse)];

    /// <summary>A check defined in code, in one call: the shape every scanner's catalogue uses.</summary>
    public static CheckInfo Define(string id, string title, Severity severity, string description, string remediation, string[] mitre, params string[] aliases) => new()
    {
        Id = CheckId.Parse(id),
        Title = title,
        Severity = severity,
        Description = description,
        Remediation = remediation,
        Mitre = Techniques(mitre),
        Aliases = aliases,
    };
}
