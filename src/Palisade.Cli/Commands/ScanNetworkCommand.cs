using System.CommandLine;
using System.Globalization;
using System.Net;
using Palisade.Cluster.Versions;
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

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
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
        var pod = parsed.GetValue(_pod)
            ? PodContext.FromEnvironment(env.Variable, parsed.GetValue(_serviceAccountDir) is { } dir ? Path.GetFullPath(dir, env.WorkingDirectory) : null, parsed.GetValue(_metadataAddress))
            : null;
        if (targets.Count == 0 && pod is null)
        {
            throw new UsageException("give at least one --target (or --targets-file, or --pod)");
        }
        var ports = parsed.GetValue(_ports) is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536 ? n : throw new UsageException($"--ports: '{p}' is not a port")).ToList()
            : TargetSpec.DefaultPorts;
        var timeout = TimeSpan.FromSeconds(Math.Clamp(parsed.GetValue(_timeout), 0.1, 60));
        var request = new NetworkScanRequest(targets, ports)
        {
            AllowPublic = parsed.GetValue(_allowPublic),
            Pod = pod,
            Hunt = new HuntOptions
            {
                Concurrency = parsed.GetValue(_concurrency),
                RatePerSecond = parsed.GetValue(_rate),
                Probe = new ProbeOptions { ConnectTimeout = timeout, RequestTimeout = timeout },
                Active = active,
            },
        };
        // A disclosed API server version is judged like a cluster's: support calendar and Kubernetes CVEs.
        var store = _database.Store(parsed, env);
        using var advisories = store.OpenProvider();
        var versions = new KubernetesVersionAdvisor(KubernetesReleases.Shipped(), DateOnly.FromDateTime(env.Clock.GetUtcNow().UtcDateTime), advisories);
        var scanner = new NetworkScanner(versions, env.Clock, host => Dns.GetHostAddresses(host));
        return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, targets, async (progress, token) =>
        {
            try
            {
                return await scanner.ScanAsync(request, progress, token).ConfigureAwait(false);
            }
            catch (TargetException ex)
            {
                throw new UsageException(ex.Message);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
