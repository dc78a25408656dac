using System.CommandLine;
using Palisade.Cluster;
using Palisade.Cluster.Api;
using Palisade.Cluster.Collection;
using Palisade.Cluster.Snapshot;

namespace Palisade.Cli.Commands;

/// <summary>Where cluster data comes from: the live API (kubeconfig, context, in-cluster) or a snapshot file.</summary>
public sealed class ClusterSource(bool allowSnapshot)
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the pod's service account in a cluster)" };
    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context (default: the current one)" };
    public Option<string[]> Namespaces { get; } = new("--namespace", "-n") { Description = "Only these namespaces (cluster-scoped objects are always read)", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> ExcludeNamespaces { get; } = new("--exclude-namespace") { Description = "Skip these namespaces", AllowMultipleArgumentsPerToken = true };
    public Option<int> Timeout { get; } = new("--timeout") { Description = "Seconds for the whole collection (every request is also bounded)", DefaultValueFactory = _ => 300 };
    public Option<bool> InsecureSkipTlsVerify { get; } = new("--insecure-skip-tls-verify") { Description = "Do not verify the API server's certificate (only if you accept the risk)" };
    public Option<string?> Snapshot { get; } = new("--snapshot") { Description = "Scan a snapshot written by `palisade cluster snapshot` instead of a live cluster" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Kubeconfig, Context, Namespaces, ExcludeNamespaces, Timeout, InsecureSkipTlsVerify })
        {
            command.Options.Add(option);
        }
        if (allowSnapshot)
        {
            command.Options.Add(Snapshot);
        }
    }

    /// <summary>The source the options name: a snapshot file, or the live cluster with its connection and bounds.</summary>
    public ClusterSourceSpec Spec(ParseResult parsed, CliEnvironment env)
    {
        if (allowSnapshot && parsed.GetValue(Snapshot) is { } file)
        {
            return new SnapshotSource(Path.GetFullPath(file, env.WorkingDirectory), file);
        }
        var seconds = parsed.GetValue(Timeout);
        if (seconds <= 0)
        {
            throw new UsageException("--timeout must be a positive number of seconds");
        }
        var connection = new ConnectionOptions
        {
            Kubeconfig = parsed.GetValue(Kubeconfig) is { } path ? Path.GetFullPath(path, env.WorkingDirectory) : null,
            Context = parsed.GetValue(Context),
            InsecureSkipTlsVerify = parsed.GetValue(InsecureSkipTlsVerify),
            RequestTimeout = TimeSpan.FromSeconds(Math.Min(30, seconds)),
        };
        var collect = new CollectOptions
        {
            Namespaces = parsed.GetValue(Namespaces) ?? [],
            ExcludeNamespaces = parsed.GetValue(ExcludeNamespaces) ?? [],
        };
        return new LiveSource(connection, collect, TimeSpan.FromSeconds(seconds));
    }

    public Task<ClusterSnapshot> LoadAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken) =>
        new ClusterSnapshotLoader(env.Variable, env.Clock).LoadAsync(Spec(parsed, env), cancellationToken);
}
