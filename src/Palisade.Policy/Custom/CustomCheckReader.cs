using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Admission;
using Palisade.Policy.Cel;

namespace Palisade.Policy.Custom;

/// <summary>
/// Reads the closed custom-check format. Every field is known (a typo is an error), the id may not take a built-in
/// check's id, and the expressions compile at load.
/// </summary>
public static class CustomCheckReader
{
    public const string ApiVersion = "palisade.dev/v1";
    public const string Kind = "Check";

    /// <summary>object, the pod spec of any workload kind (null otherwise), and every container of it (init and ephemeral included).</summary>
    public static readonly CelDeclarations Declarations = new(new HashSet<string>(["object", "podSpec", "allContainers"], StringComparer.Ordinal));

    private static readonly string[] Fields = ["apiVersion", "kind", "metadata", "id", "title", "severity", "attack", "description", "remediation", "match", "expression", "message", "messageExpression"];

    public static CustomCheck? Read(KubernetesObject obj, Func<string, bool> idTaken, List<PolicyProblem> problems)
    {
        var reader = new ObjectReader(obj.File, problems);
        var root = obj.Root;
        if (obj.ApiVersion != ApiVersion)
        {
            reader.Problem(root, $"Check: apiVersion '{obj.ApiVersion}' is not {ApiVersion}");
            return null;
        }
        reader.Closed(root, "Check", Fields);
        var id = reader.Str(root, "id", "Check", required: true);
        if (id is not null && !CheckId.TryParse(id, out _))
        {
            reader.Problem(root.Entry("id")!.Value, $"Check.id: '{id}' is not a check id (lower-case words separated by dots and dashes, e.g. custom.no-default-namespace)");
        }
        else if (id is not null && idTaken(id))
        {
            reader.Problem(root.Entry("id")!.Value, $"Check.id: '{id}' is already a check's id");
        }
        var title = reader.Str(root, "title", "Check", required: true);
        var severityText = reader.Enum(root, "severity", "Check", "", "critical", "high", "medium", "low", "info");
        if (root.Entry("severity") is null)
        {
            reader.Problem(root, "Check.severity: required (critical, high, medium, low or info)");
        }
        var attack = AdmissionPolicyReader.ParseAttack(reader.Strings(root, "attack", "Check"), root, "Check.attack", reader);
        var description = reader.Str(root, "description", "Check") ?? title ?? "";
        var remediation = reader.Str(root, "remediation", "Check") ?? "";
        var match = reader.Map(root, "match", "Check", required: true);
        IReadOnlyList<string> kinds = [];
        IReadOnlyList<string> namespaces = [];
        IReadOnlyList<string> excluded = [];
        if (match is not null)
        {
            reader.Closed(match, "Check.match", "kinds", "namespaces", "excludeNamespaces");
            kinds = reader.Strings(match, "kinds", "Check.match");
            namespaces = reader.Strings(match, "namespaces", "Check.match");
            excluded = reader.Strings(match, "excludeNamespaces", "Check.match");
            if (kinds.Count == 0)
            {
                reader.Problem(match, "Check.match.kinds: required (kind names, \"workloads\" for every kind with a pod template, or \"*\")");
            }
        }
        var expression = AdmissionPolicyReader.Compile(root, "expression", "Check", Declarations, reader);
        var messageExpression = root.Entry("messageExpression") is not null ? AdmissionPolicyReader.Compile(root, "messageExpression", "Check", Declarations, reader) : null;
        if (reader.Failed || id is null || title is null || expression is null)
        {
            return null;
        }
        var info = CheckInfo.Define(id, title, Enum.Parse<Severity>(severityText.Length > 0 ? severityText : "info", ignoreCase: true), description, remediation, []) with { Mitre = attack };
        return new CustomCheck(info, kinds.ToHashSet(StringComparer.Ordinal), namespaces.ToHashSet(StringComparer.Ordinal), excluded.ToHashSet(StringComparer.Ordinal),
            expression, reader.Str(root, "message", "Check"), messageExpression);
    }
}
