using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Audit.Policy;

/// <summary>
/// Grades an audit policy by asking it, rule by rule as the API server would, how it logs the requests an
/// investigation needs, and how it logs the ones whose bodies leak secrets.
/// </summary>
public static class AuditPolicyGrader
{
    private static CheckInfo Check(string id, string title, Severity severity, string description, string remediation, params string[] mitre) =>
        CheckInfo.Define(id, title, severity, description, remediation, mitre);

    public static CheckInfo SecretBodies { get; } = Check("audit.policy.secret-bodies-logged", "Audit policy writes secret data into the logs", Severity.High,
        "Secrets, ConfigMaps and TokenReviews logged at Request or RequestResponse put their data (passwords, tokens) into every copy of the audit log.",
        "Add a rule before the others: level: Metadata for resources secrets, configmaps and tokenreviews.", "T1552.001");

    public static CheckInfo NotLogged { get; } = Check("audit.policy.sensitive-not-logged", "Audit policy does not log a sensitive operation", Severity.High,
        "Exec, attach, port-forward, nodes/proxy, token requests, pod creation, RBAC and webhook changes are what an investigation needs; this policy records nothing for one of them.",
        "Log these at Metadata at least (Request for pods, RBAC and webhook configurations), before any level: None rule that would catch them.", "T1562.001", "T1070");

    public static CheckInfo TooLow { get; } = Check("audit.policy.level-too-low", "Audit policy logs an operation below the level needed to investigate it", Severity.Medium,
        "At Metadata level a pod creation or RBAC change is logged without its body: whether the pod was privileged, or whom a binding granted, is lost.",
        "Log pods, RBAC objects and webhook configurations at Request level.", "T1562.001");

    public static CheckInfo NoCatchAll { get; } = Check("audit.policy.no-catch-all", "Audit policy has no catch-all rule", Severity.Medium,
        "Requests that no rule matches are not logged at all, including new resources and custom resources.", "End the policy with a rule that matches everything: - level: Metadata.", "T1562.001");

    public static CheckInfo RequestReceived { get; } = Check("audit.policy.request-received-logged", "Audit policy keeps the RequestReceived stage", Severity.Low,
        "Every request is logged twice (RequestReceived and ResponseComplete), doubling volume without adding information.", "Add omitStages: [RequestReceived] at the top of the policy.", "T1562.001");

    public static IReadOnlyList<CheckInfo> All { get; } = [SecretBodies, NotLogged, TooLow, NoCatchAll, RequestReceived];

    public static ICheckSource Source { get; } = new CheckSource("audit-policy", () => All);

    private static readonly (ProbeRequest Request, AuditLevel Needed, string What)[] Investigations =
    [
        (new("create", "", "pods", "exec", "default"), AuditLevel.Metadata, "exec into pods"),
        (new("create", "", "pods", "attach", "default"), AuditLevel.Metadata, "attach to pods"),
        (new("create", "", "pods", "portforward", "default"), AuditLevel.Metadata, "port-forward to pods"),
        (new("get", "", "nodes", "proxy", null), AuditLevel.Metadata, "nodes/proxy"),
        (new("create", "", "serviceaccounts", "token", "default"), AuditLevel.Metadata, "service-account token requests"),
        (new("create", "", "pods", null, "default"), AuditLevel.Request, "pod creation"),
        (new("update", "", "pods", null, "default"), AuditLevel.Request, "pod updates"),
        (new("create", "rbac.authorization.k8s.io", "clusterrolebindings", null, null), AuditLevel.Request, "cluster role binding changes"),
        (new("create", "rbac.authorization.k8s.io", "rolebindings", null, "default"), AuditLevel.Request, "role binding changes"),
        (new("update", "rbac.authorization.k8s.io", "clusterroles", null, null), AuditLevel.Request, "cluster role changes"),
        (new("create", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", null, null), AuditLevel.Request, "mutating webhook changes"),
        (new("delete", "", "events", null, "default"), AuditLevel.Metadata, "event deletion"),
    ];

    private static readonly (ProbeRequest Request, string What)[] Leaks =
    [
        (new("get", "", "secrets", null, "default"), "secrets"),
        (new("create", "", "secrets", null, "default"), "secrets"),
        (new("get", "", "configmaps", null, "default"), "configmaps"),
        (new("create", "authentication.k8s.io", "tokenreviews", null, null), "tokenreviews"),
    ];

    public const long MaxPolicyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Reads (capped) and grades a policy file. An InvalidDataException says it is not a policy or too large; an
    /// IOException or UnauthorizedAccessException that it could not be read.
    /// </summary>
    public static async Task<IReadOnlyList<Finding>> GradeFileAsync(string path, string shownAs, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxPolicyBytes)
        {
            throw new InvalidDataException($"{info.Length:N0} bytes is over the {MaxPolicyBytes / 1024 / 1024} MiB cap for an audit policy");
        }
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Grade(AuditPolicy.Parse(text, shownAs), shownAs);
    }

    public static IReadOnlyList<Finding> Grade(AuditPolicy policy, string file)
    {
        var findings = new List<Finding>();
        Target At(PolicyRule? rule) => new(new SourceLocation(file, rule?.Line ?? 1, 0), new ResourceRef("Policy", null, Path.GetFileName(file)));
        foreach (var (request, what) in Leaks)
        {
            var (level, rule) = policy.Evaluate(request);
            if (level >= AuditLevel.Request && findings.All(f => f.Check != SecretBodies || !f.Message.Contains(what, StringComparison.Ordinal)))
            {
                findings.Add(new Finding(SecretBodies, At(rule), $"{request} is logged at {level} by rule {rule!.Number}: {what} data ends up in the audit log", $"rule {rule.Number}: level {level}"));
            }
        }
        foreach (var (request, needed, what) in Investigations)
        {
            var (level, rule) = policy.Evaluate(request);
            if (level == AuditLevel.None)
            {
                findings.Add(new Finding(NotLogged, At(rule), rule is null
                    ? $"{what} ({request}) matches no rule and is not logged"
                    : $"{what} ({request}) is dropped by rule {rule.Number} (level: None)", rule is null ? "no matching rule" : $"rule {rule.Number}: level None"));
            }
            else if (level < needed)
            {
                findings.Add(new Finding(TooLow, At(rule), $"{what} ({request}) is logged at {level} by rule {rule!.Number}; {needed} is needed to see what was done", $"rule {rule.Number}: level {level}"));
            }
        }
        if (policy.Evaluate(new ProbeRequest("get", "example.com", "widgets", null, "default")).Rule is null
            || policy.Evaluate(new ProbeRequest("get", "", "", null, null, "/some/path")).Rule is null)
        {
            findings.Add(new Finding(NoCatchAll, At(null), "requests that no rule names (custom resources, new APIs, non-resource URLs) are not logged", "no final catch-all rule"));
        }
        if (!policy.OmitStages.Contains("RequestReceived") && policy.Rules.Any(r => r.Level > AuditLevel.None && !r.OmitStages.Contains("RequestReceived")))
        {
            findings.Add(new Finding(RequestReceived, At(null), "the RequestReceived stage is not omitted: each request is logged twice", "omitStages lacks RequestReceived"));
        }
        return findings;
    }
}
