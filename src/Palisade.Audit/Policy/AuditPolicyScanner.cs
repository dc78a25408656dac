using Palisade.Core.Findings;
using Palisade.Core.Scanning;

namespace Palisade.Audit.Policy;

/// <summary>Audit policy files to grade, named in reports as given and read relative to <paramref name="WorkingDirectory"/>.</summary>
public sealed record AuditPolicyScanRequest(IReadOnlyList<string> Files, string WorkingDirectory);

/// <summary>Grades audit policies: secrets in the logs, sensitive operations not logged, no catch-all; a broken file costs only itself.</summary>
public sealed class AuditPolicyScanner : IScanner<AuditPolicyScanRequest>
{
    public string Kind => "audit-policy";

    public async Task<ScanOutput> ScanAsync(AuditPolicyScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in request.Files)
        {
            try
            {
                findings.AddRange(await AuditPolicyGrader.GradeFileAsync(Path.GetFullPath(file, request.WorkingDirectory), file, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(new Diagnostic(file, null, ex.Message));
            }
        }
        return new ScanOutput(findings, diagnostics);
    }
}
