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
    Severity? Severity);

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
    /// <summary>Whether deciding needs the labels of a Namespace object that may come later in the scan.</summary>
    public bool NeedsNamespaceLabels => NamespaceSelector is { Entries.Count: > 0 };
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
public sealed record NamedExpression(string Name, CompiledExpression Expression);

public sealed record Validation(CompiledExpression Expression, string? Message, CompiledExpression? MessageExpression, string Reason, string? FieldPath);
