using System.CommandLine;
using Palisade.Core.Catalog;
using Palisade.Core.Yaml;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests.Kustomize;
using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan manifests PATH…</c>: Kubernetes YAML/JSON, directories, kustomizations and stdin.</summary>
public sealed class ScanManifestsCommand(CheckRegistry checks)
{
    private readonly CheckRegistry _checks = checks.Only("manifests");
    private readonly Argument<string[]> _paths = new("paths") { Description = "Files, directories (recursive; kustomizations are rendered) or - for standard input", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _pssLevel = new("--pss-level") { Description = "Pod Security Standards level to enforce: baseline or restricted", DefaultValueFactory = _ => "restricted" };
    private readonly Option<string> _pssVersion = new("--pss-version") { Description = "Pod Security Standards version, v1.0 to v1.37, or latest", DefaultValueFactory = _ => "latest" };
    private readonly Option<string[]> _check = new("--check") { Description = "Run only these checks (ids or aliases)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _skip = new("--skip") { Description = "Do not run these checks (ids or aliases)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _parallelism = new("--parallelism") { Description = "Inputs read at once (default 1: YAML parsing does not scale across threads here)", DefaultValueFactory = _ => 1 };
    private readonly Option<long?> _maxFileSize = new("--max-file-size") { Description = "Largest input file to read, in bytes (default 8 MiB)" };
    private readonly PolicyOptions _policies = new();
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("manifests", "Scan Kubernetes manifests for Pod Security Standards, hardening and RBAC problems");
        command.Arguments.Add(_paths);
        foreach (var option in new Option[] { _pssLevel, _pssVersion, _check, _skip, _parallelism, _maxFileSize })
        {
            command.Options.Add(option);
        }
        _policies.AddTo(command);
        _reporting.AddTo(command);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (!PssLevels.TryParse(parsed.GetValue(_pssLevel) ?? "", out var level) || level == PssLevel.Privileged)
        {
            throw new UsageException($"--pss-level: '{parsed.GetValue(_pssLevel)}' is not baseline or restricted");
        }
        if (!PssVersion.TryParse(parsed.GetValue(_pssVersion), out var version))
        {
            throw new UsageException($"--pss-version: '{parsed.GetValue(_pssVersion)}' is not v1.N or latest");
        }
        var only = Ids(parsed.GetValue(_check));
        var skip = Ids(parsed.GetValue(_skip));
        var catalog = _checks.Catalog;
        var (policies, policyDiagnostics) = _policies.Load(parsed, env, catalog);
        var policyIds = policies?.CheckIds.ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var id in only.Concat(skip).Where(id => catalog.Find(id) is null && !policyIds.Contains(id)))
        {
            throw new UsageException($"unknown check '{id}' (see 'palisade checks list')");
        }
        var parallelism = parsed.GetValue(_parallelism);
        if (parallelism is < 1 or > 64)
        {
            throw new UsageException("--parallelism must be between 1 and 64");
        }
        var limits = parsed.GetValue(_maxFileSize) is { } max ? DocumentLimits.Default with { MaxFileBytes = max } : DocumentLimits.Default;
        var paths = parsed.GetValue(_paths) ?? [];
        foreach (var path in paths.Where(p => p.Length > 1 && p[0] == '-' && !Path.Exists(Path.GetFullPath(p, env.WorkingDirectory))))
        {
            throw new UsageException($"unknown option '{path}' (see 'palisade scan manifests --help')");
        }
        var request = new ManifestScanRequest(paths, new ManifestScanOptions
        {
            Context = new ManifestContext(level, version),
            Limits = limits,
            OnlyChecks = only,
            SkipChecks = skip,
            WorkingDirectory = env.WorkingDirectory,
            MaxParallelism = parallelism,
            Clock = env.Clock,
            Policies = policies,
        });
        var scanner = new ManifestScanner(new KustomizeRenderer(), env.OpenStandardInput);
        return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, paths, (progress, sink, token) => PolicyOptions.WithDiagnosticsAsync(scanner.ScanAsync(request, progress, sink, token), policyDiagnostics), cancellationToken).ConfigureAwait(false);
    }

    private static HashSet<string> Ids(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
