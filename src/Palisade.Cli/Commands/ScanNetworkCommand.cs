using System.CommandLine;
using System.Globalization;
using System.Net;
using Palisade.Core.Findings;
using Palisade.Network;
using Palisade.Network.Probing;
using Palisade.Network.Targets;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan network</c>: find Kubernetes components that answer when they should not (passive unless --active).</summary>
public sealed class ScanNetworkCommand
{
    private readonly Option<string[]> _targets = new("--target", "-t") { Description = "CIDR, host or host:port to scan (repeatable)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _targetsFile = new("--targets-file") { Description = "A file with one target per line" };
    private readonly Option<string?> _ports = new("--ports") { Description = $"Comma-separated ports (default: {string.Join(',', TargetSpec.DefaultPorts)})" };
    private readonly Option<bool> _allowPublic = new("--allow-public") { Description = "Allow public addresses (only networks you are authorised to test)" };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Endpoints probed at once", DefaultValueFactory = _ => 256 };
    private readonly Option<int> _rate = new("--rate") { Description = "New connections per second at most (0: unlimited)", DefaultValueFactory = _ => 2000 };
    private readonly Option<double> _timeout = new("--timeout") { Description = "Seconds for each connection and request", DefaultValueFactory = _ => 3 };
    private readonly Option<bool> _active = new("--active") { Description = "Also run tests that change state or execute (kubelet /run); asks for confirmation" };
    private readonly Option<bool> _yes = new("--yes") { Description = "Confirm --active without a prompt (for scripts)" };
    private readonly Option<bool> _pod = new("--pod") { Description = "Run from inside a pod: review the mounted token, the metadata service and the node's kubelet" };
    private readonly Option<string?> _serviceAccountDir = new("--service-account-dir") { Description = "Where the pod's token, namespace and ca.crt are (default: the standard mount)" };
    private readonly Option<string?> _metadataAddress = new("--metadata-address") { Description = "Cloud metadata endpoint to test from a pod (default 169.254.169.254:80)" };
    private readonly DatabaseOptions _database = new();
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("network", "Find API servers, kubelets, etcd, Docker and dashboards that answer when they should not");
        foreach (var option in new Option[] { _targets, _targetsFile, _ports, _allowPublic, _concurrency, _rate, _timeout, _active, _yes, _pod, _serviceAccountDir, _metadataAddress })
        {
            command.Options.Add(option);
        }
        _database.AddTo(command);
        _reporting.AddTo(command);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    /// <summary>
    /// A disclosed API server version is judged like a cluster's: support calendar and Kubernetes CVEs (from the
    /// vulnerability database when one is there), reported on the endpoint.
    /// </summary>
    private IEnumerable<Finding> DisclosedVersionFindings(HuntResult result, ParseResult parsed, CliEnvironment env)
    {
        var store = _database.Store(parsed, env);
        using var advisories = store.OpenRead();
        var options = new Palisade.Cluster.ClusterScanOptions(DateOnly.FromDateTime(env.Clock.GetUtcNow().UtcDateTime), Palisade.Cluster.Versions.KubernetesReleases.Shipped()) { Advisories = advisories };
        var findings = new List<Finding>();
        foreach (var report in result.Reports.Where(r => r.Service is "kube-apiserver" && r.Version is not null))
        {
            var snapshot = new Palisade.Cluster.Snapshot.ClusterSnapshot(Palisade.Cluster.Snapshot.ClusterSnapshot.CurrentFormat, report.Endpoint.ToString(), $"{report.Scheme}://{report.Endpoint}",
                env.Clock.GetUtcNow(), new Palisade.Cluster.Snapshot.ServerVersion(report.Version!, null), [], [], []);
            findings.AddRange(Palisade.Cluster.Versions.VersionFindings.For(snapshot, [], options)
                .Select(f => f with { Target = new Target(null, new ResourceRef("Endpoint", null, $"{report.Scheme}://{report.Endpoint}")) }));
        }
        return findings;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        _reporting.Validate(parsed);
        var suppressions = Suppressions.Load(parsed, _reporting, env);
        var severities = _reporting.Severities(parsed);
        _ = _reporting.Gate(parsed);
        var active = parsed.GetValue(_active);
        if (active && !parsed.GetValue(_yes))
        {
            if (Console.IsInputRedirected || !env.OutputIsTerminal)
            {
                throw new UsageException("--active runs commands in containers it finds exposed; confirm with --yes");
            }
            await env.Error.WriteAsync("Active mode will run `id` in containers exposed by kubelets it finds. Type yes to go on: ").ConfigureAwait(false);
            if (Console.ReadLine()?.Trim() != "yes")
            {
                throw new UsageException("active mode not confirmed");
            }
        }
        var targets = (parsed.GetValue(_targets) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (parsed.GetValue(_targetsFile) is { } file)
        {
            targets.AddRange(await File.ReadAllLinesAsync(Path.GetFullPath(file, env.WorkingDirectory), cancellationToken).ConfigureAwait(false));
        }
        var timeout = TimeSpan.FromSeconds(Math.Clamp(parsed.GetValue(_timeout), 0.1, 60));
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        PodRecon? recon = null;
        if (parsed.GetValue(_pod))
        {
            var context = PodContext.FromEnvironment(env.Variable, parsed.GetValue(_serviceAccountDir) is { } dir ? Path.GetFullPath(dir, env.WorkingDirectory) : null, parsed.GetValue(_metadataAddress));
            recon = new PodRecon(context, timeout);
            targets.AddRange(recon.KubeletTargets());
            if (Uri.TryCreate(context.ApiServer, UriKind.Absolute, out var api) && IPAddress.TryParse(api.Host.Trim('[', ']'), out _))
            {
                targets.Add($"{api.Host}:{api.Port}");
            }
        }
        if (targets.Count == 0)
        {
            throw new UsageException("give at least one --target (or --targets-file, or --pod)");
        }
        var ports = parsed.GetValue(_ports) is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536 ? n : throw new UsageException($"--ports: '{p}' is not a port")).ToList()
            : TargetSpec.DefaultPorts;
        IReadOnlyList<Palisade.Network.Targets.Endpoint> endpoints;
        try
        {
            endpoints = TargetSpec.Expand(targets, ports, parsed.GetValue(_allowPublic), host => Dns.GetHostAddresses(host));
        }
        catch (TargetException ex)
        {
            throw new UsageException(ex.Message);
        }
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var hunter = new NetworkHunter(new HuntOptions
        {
            Concurrency = parsed.GetValue(_concurrency),
            RatePerSecond = parsed.GetValue(_rate),
            Probe = new ProbeOptions { ConnectTimeout = timeout, RequestTimeout = timeout },
            Active = active,
        }, env.Clock);
        var result = await hunter.HuntAsync(endpoints, cancellationToken).ConfigureAwait(false);
        findings.AddRange(result.Findings);
        diagnostics.AddRange(result.Diagnostics);
        findings.AddRange(DisclosedVersionFindings(result, parsed, env));
        if (recon is not null)
        {
            var (podFindings, podDiagnostics) = await recon.RunAsync(cancellationToken).ConfigureAwait(false);
            findings.AddRange(podFindings);
            diagnostics.AddRange(podDiagnostics);
        }
        if (!parsed.GetValue(_reporting.Quiet))
        {
            var open = result.Reports.Where(r => r.State == PortState.Open).ToList();
            await env.Error.WriteLineAsync($"scanned {endpoints.Count:N0} endpoint(s) on {endpoints.Select(e => e.Address).Distinct().Count():N0} address(es): {open.Count} open, "
                + $"{result.Reports.Count(r => r.State == PortState.Closed)} closed, {result.Reports.Count(r => r.State == PortState.Filtered)} filtered").ConfigureAwait(false);
            foreach (var report in open)
            {
                await env.Error.WriteLineAsync($"  {report.Scheme}://{report.Endpoint}  {report.Service ?? "unrecognised"}{(report.Version is null ? "" : " " + report.Version)}"
                    + (report.Tls is { Subject.Length: > 0 } tls ? $"  [{tls.Protocol}; {tls.Subject}; issuer {tls.Issuer}; expires {tls.NotAfter:yyyy-MM-dd}{(tls.SelfSigned ? "; self-signed" : "")}{(tls.RefusedWithoutClientCertificate ? "; client certificate required" : "")}]" : "")).ConfigureAwait(false);
            }
        }
        var scan = ResultAssembler.Assemble(new ScanInfo("network", targets, started, env.Clock.GetElapsedTime(startTimestamp)), findings, [], diagnostics, suppressions, severities);
        return await ReportOutput.FinishAsync(scan, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
    }
}
