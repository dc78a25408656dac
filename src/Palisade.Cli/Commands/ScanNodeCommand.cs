using System.CommandLine;
using Palisade.Nodes;
using Palisade.Nodes.Inspection;
using Palisade.Nodes.Benchmarks;
using Palisade.Nodes.Components;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan node</c>: the CIS Kubernetes Benchmark for this node's control plane, etcd and kubelet.</summary>
public sealed class ScanNodeCommand
{
    private static readonly string[] TargetNames = ["master", "etcd", "controlplane", "node", "policies"];
    private readonly Option<string> _root = new("--root") { Description = "Audit the host filesystem mounted here (its /proc is read for processes)", DefaultValueFactory = _ => "/" };
    private readonly Option<string> _benchmark = new("--benchmark") { Description = $"{string.Join(", ", BenchmarkLoader.Versions)} or auto (from the detected Kubernetes version)", DefaultValueFactory = _ => "auto" };
    private readonly Option<string?> _version = new("--k8s-version") { Description = "Kubernetes version for --benchmark auto when it cannot be detected, e.g. 1.31" };
    private readonly Option<string[]> _targets = new("--targets") { Description = "master, etcd, controlplane, node, policies (comma-separated; default all)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _check = new("--check") { Description = "Run only these controls (CIS number or check id)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _skip = new("--skip") { Description = "Skip these controls (CIS number or check id)", AllowMultipleArgumentsPerToken = true };
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("node", "Audit this node (or a mounted host root) against the CIS Kubernetes Benchmark");
        foreach (var option in new Option[] { _root, _benchmark, _version, _targets, _check, _skip })
        {
            command.Options.Add(option);
        }
        _reporting.AddTo(command);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var benchmark = parsed.GetValue(_benchmark) ?? "auto";
        if (benchmark != "auto" && !BenchmarkLoader.Versions.Contains(benchmark))
        {
            throw new UsageException($"--benchmark: unknown '{benchmark}' (use {string.Join(", ", BenchmarkLoader.Versions)} or auto)");
        }
        var targets = List(parsed.GetValue(_targets));
        foreach (var target in targets.Where(t => !TargetNames.Contains(t)))
        {
            throw new UsageException($"--targets: unknown target '{target}' (use {string.Join(", ", TargetNames)})");
        }
        var options = new NodeAuditOptions
        {
            Root = Path.GetFullPath(parsed.GetValue(_root) ?? "/", env.WorkingDirectory),
            Benchmark = benchmark,
            KubernetesVersion = parsed.GetValue(_version),
            Targets = targets,
            OnlyChecks = List(parsed.GetValue(_check)),
            SkipChecks = List(parsed.GetValue(_skip)),
        };
        var scanner = new NodeScanner(ComponentCatalog.Load());
        return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, [options.Root], (progress, token) => scanner.ScanAsync(options, progress, token), cancellationToken).ConfigureAwait(false);
    }

    private static HashSet<string> List(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
