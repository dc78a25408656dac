using Palisade.Core.Findings;

namespace Palisade.Reporting.Tests;

/// <summary>A small, fixed scan result covering what the writers must handle.</summary>
internal static class SampleResults
{
    public static readonly CheckInfo Privileged = new()
    {
        Id = CheckId.Parse("pod.privileged"),
        Title = "Privileged container",
        Severity = Severity.High,
        Description = "A privileged container can take over the node.",
        Remediation = "Remove securityContext.privileged.",
        Mitre = CheckInfo.Techniques("T1611", "T1610"),
        Frameworks = [FrameworkRef.Pss("baseline", "privileged"), FrameworkRef.Cis("5.2.2")],
        Aliases = ["KSV017", "C-0057"],
    };

    public static readonly CheckInfo Wildcard = new()
    {
        Id = CheckId.Parse("rbac.wildcard-verbs"),
        Title = "Role grants every verb",
        Severity = Severity.Critical,
        Description = "verbs: [\"*\"] grants everything.",
        Remediation = "List verbs explicitly.",
        Mitre = CheckInfo.Techniques("T1098.006"),
    };

    public static ScanResult Result() => new(
        new ScanInfo("manifests", ["deploy/"], new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromMilliseconds(42)),
        [
            new Finding(Privileged, new Target(new SourceLocation("deploy/my agent.yaml", 21, 11), new ResourceRef("DaemonSet", "monitoring", "node-agent"), "agent"),
                "container 'agent' runs privileged", "securityContext.privileged: true"),
            new Finding(Wildcard, new Target(null, new ResourceRef("ClusterRole", null, "ops")), "ClusterRole 'ops' grants all verbs"),
        ],
        [new SuppressedFinding(new Finding(Privileged, new Target(new SourceLocation("deploy/x.yaml", 3, 1), null), "m"), "accepted risk", ".palisadeignore.yaml:2")],
        [new Diagnostic("deploy/broken.yaml", 4, "mapping values are not allowed here"), new Diagnostic("deploy/crd.yaml", 1, "not a built-in kind", DiagnosticLevel.Notice)]);

    public static async Task<string> WriteAsync(IReportWriter writer, ScanResult result, ReportOptions? options = null)
    {
        using var output = new StringWriter();
        await writer.WriteAsync(result, output, options ?? new ReportOptions("1.2.3"), CancellationToken.None);
        return output.ToString();
    }
}
