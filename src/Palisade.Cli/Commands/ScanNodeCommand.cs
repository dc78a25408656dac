using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Nodes.Audit;
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
        var suppressions = Suppressions.Load(parsed, _reporting, env);
        var severities = _reporting.Severities(parsed);
        _ = _reporting.Writer(parsed);
        _ = _reporting.Gate(parsed);
        var options = new NodeAuditOptions
        {
            Root = Path.GetFullPath(parsed.GetValue(_root) ?? "/", env.WorkingDirectory),
            Benchmark = benchmark,
            KubernetesVersion = parsed.GetValue(_version),
            Targets = targets,
            OnlyChecks = List(parsed.GetValue(_check)),
            SkipChecks = List(parsed.GetValue(_skip)),
        };
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var audit = new NodeAuditor(ComponentCatalog.Load()).Audit(options);
        var findings = new List<Finding>(audit.Findings);
        var diagnostics = new List<Diagnostic>(audit.Diagnostics);
        // The API server's audit policy is graded too when it is on this node (the benchmark only asks that one exists).
        if (audit.AuditPolicy is { } policy && (targets.Count == 0 || targets.Contains("controlplane") || targets.Contains("master")))
        {
            try
            {
                findings.AddRange(Palisade.Audit.Policy.AuditPolicyGrader.Grade(Palisade.Audit.Policy.AuditPolicy.Parse(policy.Text, policy.Path), policy.Path)
                    .Select(f => f with { Group = "3.2 Logging (audit policy)" }));
            }
            catch (InvalidDataException ex)
            {
                diagnostics.Add(new Diagnostic(policy.Path, null, ex.Message));
            }
        }
        var result = ResultAssembler.Assemble(
            new ScanInfo("node", [options.Root], started, env.Clock.GetElapsedTime(startTimestamp)),
            findings, [], diagnostics, suppressions, severities);
        if (!parsed.GetValue(_reporting.Quiet))
        {
            await env.Error.WriteLineAsync($"Audited {options.Root} ({audit.Distribution}) against {audit.Benchmark}: {audit.BenchmarkReason}").ConfigureAwait(false);
            foreach (var section in audit.Sections)
            {
                await env.Error.WriteLineAsync($"== Summary {section.Target} ({section.Id} {section.Title}): {section.Pass} pass, {section.Fail} fail, {section.Warn} warn, {section.Info} info").ConfigureAwait(false);
            }
        }
        return await ReportOutput.FinishAsync(result, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
    }

    private static HashSet<string> List(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
