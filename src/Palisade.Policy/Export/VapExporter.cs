using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Policy.Export;

/// <summary>What to export: the Pod Security level and version, the checks (empty: every expressible one), and the bindings' actions and exemptions.</summary>
public sealed record VapExportOptions
{
    public PssLevel Level { get; init; } = PssLevel.Restricted;

    public PssVersion Version { get; init; } = PssVersion.Latest;

    public IReadOnlySet<string> Checks { get; init; } = new HashSet<string>();

    public IReadOnlyList<string> ValidationActions { get; init; } = ["Warn", "Audit"];

    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = [];
}

/// <summary>One check as an admission policy: the resources it matches, its variables and the expression that must hold.</summary>
public sealed record ExportedPolicy(CheckInfo Check, string Name, IReadOnlyList<(string Group, IReadOnlyList<string> Resources)> Rules,
    IReadOnlyList<(string Name, string Expression)> Variables, string Expression)
{
    public string Message => $"{Check.Title} ({Check.Id}): {Check.Remediation}";
}

/// <summary>
/// Turns Palisade's manifest checks into ValidatingAdmissionPolicies: the Pod Security controls in force at the chosen
/// level and version, and the workload, Service and Ingress checks CEL can express. Checks that need more than one
/// object (NetworkPolicy coverage, service-account settings, RBAC) are named with the reason they are left out.
/// </summary>
public static class VapExporter
{
    public const string NamePrefix = "palisade.";

    private static readonly IReadOnlyList<(string Group, IReadOnlyList<string> Resources)> WorkloadRules =
    [
        ("", ["pods", "podtemplates", "replicationcontrollers"]),
        ("apps", ["deployments", "replicasets", "statefulsets", "daemonsets"]),
        ("batch", ["jobs", "cronjobs"]),
    ];

    /// <summary>The pod template of every workload kind, as the checks' workload view resolves it.</summary>
    public static IReadOnlyList<(string Name, string Expression)> WorkloadVariables { get; } =
    [
        ("podTemplate", "object.kind == 'Pod' ? object : object.kind == 'PodTemplate' ? object.?template.orValue({})"
            + " : object.kind == 'CronJob' ? object.?spec.?jobTemplate.?spec.?template.orValue({}) : object.?spec.?template.orValue({})"),
        ("podSpec", "variables.podTemplate.?spec.orValue({})"),
        ("podMeta", "variables.podTemplate.?metadata.orValue({})"),
        ("containers", "variables.podSpec.?containers.orValue([]) + variables.podSpec.?initContainers.orValue([]) + variables.podSpec.?ephemeralContainers.orValue([])"),
        ("resourceContainers", "variables.podSpec.?containers.orValue([]) + variables.podSpec.?initContainers.orValue([])"),
        ("isWindows", "variables.podSpec.?os.?name.orValue('') == 'windows'"),
    ];

    /// <summary>The policies, and each check left out with the reason.</summary>
    /// <exception cref="ArgumentException">A check asked for by name is unknown or cannot be exported.</exception>
    public static (IReadOnlyList<ExportedPolicy> Policies, IReadOnlyList<(string Check, string Reason)> Skipped) Export(VapExportOptions options)
    {
        var policies = new List<ExportedPolicy>();
        var skipped = new List<(string, string)>();
        var catalog = ManifestChecks.Catalog.ToList();
        foreach (var wanted in options.Checks.Where(w => !catalog.Any(c => Names(c, w))))
        {
            throw new ArgumentException($"unknown manifest check '{wanted}' (see 'palisade checks list')");
        }
        foreach (var check in catalog.OrderBy(c => c.Id.Value, StringComparer.Ordinal))
        {
            if (options.Checks.Count > 0 && !options.Checks.Any(w => Names(check, w)))
            {
                continue;
            }
            var (policy, reason) = ExportOne(check, options);
            if (policy is not null)
            {
                policies.Add(policy);
            }
            else if (options.Checks.Count > 0)
            {
                throw new ArgumentException($"{check.Id} cannot be exported: {reason}");
            }
            else
            {
                skipped.Add((check.Id.Value, reason!));
            }
        }
        return (policies, skipped);
    }

    private static bool Names(CheckInfo check, string wanted) =>
        check.Id.Value == wanted || check.Aliases.Contains(wanted, StringComparer.OrdinalIgnoreCase);

    private static (ExportedPolicy? Policy, string? Reason) ExportOne(CheckInfo check, VapExportOptions options)
    {
        var name = NamePrefix + check.Id.Value;
        if (PodSecurityControls.All.FirstOrDefault(c => c.Info.Id == check.Id) is { } control)
        {
            if (control.Level > options.Level)
            {
                return (null, $"a Pod Security {control.Level.Slug()} control, above the {options.Level.Slug()} level chosen");
            }
            if (control.Rules.LastOrDefault(r => r.MinimumMinor <= options.Version.Minor) is not { } rule)
            {
                return (null, $"not part of Pod Security Standards {options.Version}");
            }
            var expression = PodSecurityTemplates.For(control.ControlId, rule.MinimumMinor, options.Version.Minor)
                ?? throw new InvalidOperationException($"no CEL for Pod Security control {control.ControlId} as of v1.{rule.MinimumMinor}");
            return (new ExportedPolicy(check, name, WorkloadRules, WorkloadVariables, expression), null);
        }
        if (CheckTemplates.Workload(check.Id.Value, options.Version.Minor) is { } workloadExpression)
        {
            return (new ExportedPolicy(check, name, WorkloadRules, WorkloadVariables, workloadExpression), null);
        }
        if (CheckTemplates.Other(check.Id.Value) is { } other)
        {
            return (new ExportedPolicy(check, name, [(other.Group, [other.Resource])], other.Variables, other.Expression), null);
        }
        return (null, CheckTemplates.NotExpressible(check.Id.Value) ?? "no admission policy form yet");
    }
}
