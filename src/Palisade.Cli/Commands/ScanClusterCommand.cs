using System.CommandLine;
using Palisade.Cluster;
using Palisade.Cluster.Api;
using Palisade.Cluster.Versions;
using Palisade.Core.Findings;
using Palisade.Kubernetes;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan cluster</c>: posture, RBAC paths, version support and exposure of a live cluster or a snapshot.</summary>
public sealed class ScanClusterCommand
{
    private readonly ClusterSource _source = new(allowSnapshot: true);
    private readonly Option<string?> _releases = new("--releases") { Description = "A newer Kubernetes release table (JSON) than the one Palisade ships" };
    private readonly Option<string?> _auditPolicy = new("--audit-policy") { Description = "A copy of the API server's audit policy file (it lives on the control-plane host, not in the API), graded with the cluster" };
    private readonly DatabaseOptions _database = new();
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("cluster", "Scan a running cluster (or a snapshot of one): workloads, RBAC escalation paths, versions, exposure");
        _source.AddTo(command);
        command.Options.Add(_releases);
        command.Options.Add(_auditPolicy);
        _database.AddTo(command);
        _reporting.AddTo(command);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        _reporting.Validate(parsed);
        var suppressions = Suppressions.Load(parsed, _reporting, env);
        var severities = _reporting.Severities(parsed);
        _ = _reporting.Gate(parsed);
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var releases = parsed.GetValue(_releases) is { } file ? KubernetesReleases.Load(Path.GetFullPath(file, env.WorkingDirectory)) : KubernetesReleases.Shipped();
        var findings = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        var diagnostics = new List<Diagnostic>();
        string target;
        try
        {
            var snapshot = await _source.LoadAsync(parsed, env, cancellationToken).ConfigureAwait(false);
            target = snapshot.Context;
            var store = _database.Store(parsed, env);
            using var advisories = store.OpenRead();
            var output = ClusterScanner.Scan(snapshot, new ClusterScanOptions(DateOnly.FromDateTime(env.Clock.GetUtcNow().UtcDateTime), releases)
            {
                Manifest = new ManifestScanOptions { WorkingDirectory = env.WorkingDirectory },
                Advisories = advisories,
                AuditPolicyGraded = parsed.GetValue(_auditPolicy) is not null,
            });
            findings.AddRange(output.Findings);
            suppressed.AddRange(output.Suppressed);
            diagnostics.AddRange(output.Diagnostics);
            if (advisories is null)
            {
                diagnostics.Add(new Diagnostic(store.Path, null, "no vulnerability database: Kubernetes CVEs were not matched (palisade db import the Kubernetes CVE feed's OSV records)", DiagnosticLevel.Notice));
            }
            var unseen = snapshot.Problems.Count(p => p.Forbidden);
            if (unseen > 0)
            {
                diagnostics.Add(new Diagnostic(snapshot.Context, null, $"{unseen} resource list(s) were forbidden to this identity: the report is partial (see the errors above)", DiagnosticLevel.Notice));
            }
        }
        catch (Exception ex) when (ex is ClusterAccessException or InvalidDataException or FileNotFoundException)
        {
            target = parsed.GetValue(_source.Snapshot) ?? parsed.GetValue(_source.Context) ?? "cluster";
            diagnostics.Add(new Diagnostic(target, null, ex.Message));
        }
        if (parsed.GetValue(_auditPolicy) is { } policyFile)
        {
            var path = Path.GetFullPath(policyFile, env.WorkingDirectory);
            try
            {
                var graded = await Palisade.Audit.Policy.AuditPolicyGrader.GradeFileAsync(path, path, cancellationToken).ConfigureAwait(false);
                findings.AddRange(graded.Select(f => f with { Group = "Audit policy" }));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(new Diagnostic(path, null, ex.Message));
            }
        }
        var result = ResultAssembler.Assemble(new ScanInfo("cluster", [target], started, env.Clock.GetElapsedTime(startTimestamp)), findings, suppressed, diagnostics, suppressions, severities);
        return await ReportOutput.FinishAsync(result, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
    }
}
