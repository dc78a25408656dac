using System.CommandLine;
using Palisade.Cluster.Api;
using Palisade.Cluster.Snapshot;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade cluster snapshot -o FILE</c>: collect once, scan or share offline.</summary>
public sealed class ClusterCommand
{
    private readonly ClusterSource _source = new(allowSnapshot: false);
    private readonly Option<string> _output = new("--output", "-o") { Description = "Snapshot file to write (zstd-compressed JSON)", Required = true };

    public Command Build(CliEnvironment env)
    {
        var cluster = new Command("cluster", "Work with a live cluster's data");
        var snapshot = new Command("snapshot", "Collect what `scan cluster` reads into one file, to scan offline or share for review (Secret data is never read)");
        _source.AddTo(snapshot);
        snapshot.Options.Add(_output);
        snapshot.SetAction(async (parsed, token) =>
        {
            ClusterSnapshot collected;
            try
            {
                collected = await _source.LoadAsync(parsed, env, token).ConfigureAwait(false);
            }
            catch (ClusterAccessException ex)
            {
                await env.Error.WriteLineAsync($"palisade: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrFatal;
            }
            var path = Path.GetFullPath(parsed.GetValue(_output)!, env.WorkingDirectory);
            await SnapshotFile.WriteAsync(collected, path, token).ConfigureAwait(false);
            var objects = collected.Resources.Sum(r => r.Items.Count);
            await env.Error.WriteLineAsync($"wrote {path}: {objects:N0} objects from {collected.Server} ({collected.Version?.GitVersion ?? "version unknown"}); {collected.Problems.Count} resource(s) not read").ConfigureAwait(false);
            foreach (var problem in collected.Problems)
            {
                await env.Error.WriteLineAsync($"  not read: {problem.Message}").ConfigureAwait(false);
            }
            return collected.Problems.Count > 0 ? ExitCodes.InputsUnreadable : ExitCodes.Success;
        });
        cluster.Subcommands.Add(snapshot);
        return cluster;
    }
}
