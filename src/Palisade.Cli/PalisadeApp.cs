using System.CommandLine;
using Palisade.Audit.Policy;
using Palisade.Audit.Rules;
using Palisade.Cli.Commands;
using Palisade.Cluster.Api;
using Palisade.Cluster.Checks;
using Palisade.Core.Catalog;
using Palisade.Images.Checks;
using Palisade.Kubernetes.Checks;
using Palisade.Network.Checks;
using Palisade.Nodes.Benchmarks;

namespace Palisade.Cli;

/// <summary>Builds the command tree, applies config defaults and turns every user error into one line and exit code 2.</summary>
public sealed class PalisadeApp(CliEnvironment env)
{
    /// <summary>Every scanner's checks; nothing is parsed until a command asks the registry.</summary>
    public static CheckRegistry Checks() =>
        new([ManifestChecks.Source, NodeChecks.Source, ImageChecks.Source, ClusterChecks.Source, NetworkChecks.Source, RuleLoader.Source, AuditPolicyGrader.Source]);

    public RootCommand BuildRoot()
    {
        var checks = Checks();
        var root = new RootCommand("Palisade: one scanner for Kubernetes manifests, nodes, clusters, images and networks");
        var scan = new Command("scan", "Scan something for security problems");
        scan.Subcommands.Add(new ScanManifestsCommand(checks).Build(env));
        scan.Subcommands.Add(new ScanNodeCommand().Build(env));
        scan.Subcommands.Add(new ScanImageCommand().Build(env));
        scan.Subcommands.Add(new ScanSbomCommand().Build(env));
        scan.Subcommands.Add(new ScanClusterCommand(checks).Build(env));
        scan.Subcommands.Add(new ScanNetworkCommand().Build(env));
        scan.Subcommands.Add(new ScanAuditPolicyCommand().Build(env));
        root.Subcommands.Add(scan);
        root.Subcommands.Add(new ChecksCommand(checks).Build(env));
        root.Subcommands.Add(new DbCommand().Build(env));
        root.Subcommands.Add(new ClusterCommand().Build(env));
        root.Subcommands.Add(new RbacCommand().Build(env));
        root.Subcommands.Add(new AuditCommand().Build(env));
        root.Subcommands.Add(new PolicyCommand().Build(env));
        root.Subcommands.Add(new ServerCommand().Build(env));
        root.Subcommands.Add(new OperatorCommand().Build(env));
        return root;
    }

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            var root = BuildRoot();
            var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
            if (parsed.Errors.Count == 0 && ConfigFile.Find(args, env.WorkingDirectory) is { } config)
            {
                parsed = root.Parse(config.Apply(args, parsed, env.Error));
            }
            if (parsed.Errors.Count > 0)
            {
                foreach (var line in UsageErrors.Describe(parsed))
                {
                    await env.Error.WriteLineAsync(line).ConfigureAwait(false);
                }
                return ExitCodes.UsageOrFatal;
            }
            var invocation = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false };
            var code = await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            return parsed.Errors.Count > 0 ? ExitCodes.UsageOrFatal : code;
        }
        catch (UsageException ex)
        {
            await env.Error.WriteLineAsync($"palisade: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("palisade: cancelled").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
        catch (IOException ex)
        {
            await env.Error.WriteLineAsync($"palisade: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
        catch (Exception ex) when (ex is ClusterAccessException or InvalidDataException)
        {
            await env.Error.WriteLineAsync($"palisade: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
        catch (UnauthorizedAccessException ex)
        {
            await env.Error.WriteLineAsync($"palisade: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("PALISADE_DEBUG") is null)
        {
            await env.Error.WriteLineAsync($"palisade: internal error ({ex.GetType().Name}: {ex.Message}); set PALISADE_DEBUG=1 for details and please report it").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
    }
}
