using System.CommandLine;
using Palisade.Cluster;
using Palisade.Cluster.Versions;
using Palisade.Core.Catalog;
using Palisade.Kubernetes;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan cluster</c>: posture, RBAC paths, version support and exposure of a live cluster or a snapshot.</summary>
public sealed class ScanClusterCommand(CheckRegistry checks)
{
    private readonly ClusterSource _source = new(allowSnapshot: true);
    private readonly Option<string?> _releases = new("--releases") { Description = "A newer Kubernetes release table (JSON) than the one Palisade ships" };
    private readonly Option<string?> _auditPolicy = new("--audit-policy") { Description = "A copy of the API server's audit policy file (it lives on the control-plane host, not in the API), graded with the cluster" };
    private readonly DatabaseOptions _database = new();
    private readonly PolicyOptions _policies = new();
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("cluster", "Scan a running cluster (or a snapshot of one): workloads, RBAC escalation paths, versions, exposure");
        _source.AddTo(command);
        command.Options.Add(_releases);
        command.Options.Add(_auditPolicy);
        _database.AddTo(command);
        _policies.AddTo(command);
        _reporting.AddTo(command);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var releases = parsed.GetValue(_releases) is { } file ? KubernetesReleases.Load(Path.GetFullPath(file, env.WorkingDirectory)) : KubernetesReleases.Shipped();
        var source = _source.Spec(parsed, env);
        var (policies, policyDiagnostics) = _policies.Load(parsed, env, checks.Catalog);
        var request = new ClusterScanRequest(source, releases)
        {
            Manifest = new ManifestScanOptions { WorkingDirectory = env.WorkingDirectory, Policies = policies },
            AuditPolicyFile = parsed.GetValue(_auditPolicy) is { } policy ? Path.GetFullPath(policy, env.WorkingDirectory) : null,
        };
        var store = _database.Store(parsed, env);
        var scanner = new ClusterScanner(new ClusterSnapshotLoader(env.Variable, env.Clock), store.OpenProvider, store.Path, env.Clock);
        return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, [source.DisplayName], (progress, token) => PolicyOptions.WithDiagnosticsAsync(scanner.ScanAsync(request, progress, token), policyDiagnostics), cancellationToken).ConfigureAwait(false);
    }
}
