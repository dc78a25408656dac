using Palisade.Audit.Policy;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Nodes.Inspection;
using Palisade.Nodes.Components;

namespace Palisade.Nodes;

/// <summary>
/// The CIS Kubernetes Benchmark on one node root, with the API server's audit policy graded too when it is on this
/// node (the benchmark only asks that one exists). Reads local files only.
/// </summary>
public sealed class NodeScanner(ComponentCatalog catalog) : IScanner<NodeAuditOptions>
{
    public string Kind => "node";

    public Task<ScanOutput> ScanAsync(NodeAuditOptions request, IScanProgress progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var audit = new NodeAuditor(catalog).Audit(request);
        var findings = new List<Finding>(audit.Findings);
        var diagnostics = new List<Diagnostic>(audit.Diagnostics);
        var targets = request.Targets;
        if (audit.AuditPolicy is { } policy && (targets.Count == 0 || targets.Contains("controlplane") || targets.Contains("master")))
        {
            try
            {
                findings.AddRange(AuditPolicyGrader.Grade(AuditPolicy.Parse(policy.Text, policy.Path), policy.Path)
                    .Select(f => f with { Group = "3.2 Logging (audit policy)" }));
            }
            catch (InvalidDataException ex)
            {
                diagnostics.Add(new Diagnostic(policy.Path, null, ex.Message));
            }
        }
        progress.Report(new ScanProgressUpdate($"Audited {request.Root} ({audit.Distribution}) against {audit.Benchmark}: {audit.BenchmarkReason}"));
        foreach (var section in audit.Sections)
        {
            progress.Report(new ScanProgressUpdate($"== Summary {section.Target} ({section.Id} {section.Title}): {section.Pass} pass, {section.Fail} fail, {section.Warn} warn, {section.Info} info"));
        }
        return Task.FromResult(new ScanOutput(findings, diagnostics));
    }
}
