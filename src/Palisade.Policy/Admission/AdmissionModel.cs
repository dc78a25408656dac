using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Policy.Cel;

namespace Palisade.Policy.Admission;

/// <summary>A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1), read and compiled.</summary>
public sealed record ValidatingPolicy(
    string Name,
    SourceLocation Source,
    ParamKind? ParamKind,
    MatchResources MatchConstraints,
    IReadOnlyList<NamedExpression> MatchConditions,
    IReadOnlyList<NamedExpression> Variables,
    IReadOnlyList<Validation> Validations,
    IReadOnlyList<NamedExpression> AuditAnnotations,
    bool FailOnError,
    IReadOnlyList<AttackTechnique> Attack,
    Severity? Severity)
{
    /// <summary>When every variable is shareable: their names and keys together, so policies with the same set share one variables map per object.</summary>
    public string? VariableSetKey { get; } = Variables.Count > 0 && Variables.All(v => v.SharedKey is not null)
        ? "\u0002" + string.Join("\u0003", Variables.Select(v => $"{v.Name}={v.SharedKey}"))
        : null;
}

/// <summary>A ValidatingAdmissionPolicyBinding: which policy, on what, with which params, and what a violation does.</summary>
public sealed record PolicyBinding(
    string Name,
    SourceLocation Source,
    string PolicyName,
    ParamRef? ParamRef,
    MatchResources? MatchResources,
    IReadOnlyList<string> ValidationActions,
    Severity? Severity);

public sealed record ParamKind(string ApiVersion, string Kind);

public sealed record ParamRef(string? Name, string? Namespace, YamlMapping? Selector, bool DenyWhenNotFound);

/// <summary>matchConstraints or matchResources. A null selector selects everything.</summary>
public sealed record MatchResources(
    YamlMapping? NamespaceSelector,
    YamlMapping? ObjectSelector,
    IReadOnlyList<ResourceRule> ResourceRules,
    IReadOnlyList<ResourceRule> ExcludeResourceRules,
    bool Exact)
{
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>
    /// Whether deciding needs the labels of a Namespace object (which may come later in the scan): a selector on any
    /// label but the one every namespace carries, its name.
    /// </summary>
    public bool NeedsNamespaceLabels { get; } = NamespaceSelector is { } selector
        && ((selector.Map("matchLabels")?.Entries.Any(e => e.Key.Value != NamespaceNameLabel) ?? false)
            || selector.Maps("matchExpressions").Any(e => e.Str("key") != NamespaceNameLabel));
}

public sealed record ResourceRule(
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Operations,
    string Scope,
    IReadOnlyList<string> ResourceNames);

/// <summary>A compiled CEL expression and where it is written (file, line), for messages that name both.</summary>
public sealed record CompiledExpression(string Text, CelProgram Program, SourceLocation Location);

/// <summary>A named expression: a matchCondition, a variable, or an audit annotation (its key).</summary>
public sealed record NamedExpression(string Name, CompiledExpression Expression)
{
    /// <summary>
    /// For a variable whose value depends only on the object and request (not params), its text with those of the
    /// variables it reads: two policies' variables with the same key have the same value on the same object, so it is
    /// computed once per object (policies exported from Palisade share their pod-template variables).
    /// </summary>
    public string? SharedKey { get; init; }
}

public sealed record Validation(CompiledExpression Expression, string? Message, CompiledExpression? MessageExpression, string Reason, string? FieldPath);
