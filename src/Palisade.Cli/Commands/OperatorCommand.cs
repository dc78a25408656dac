using System.CommandLine;
using Palisade.Cluster.Api;
using Palisade.Operator;
using Palisade.Operator.Images;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade operator</c>: continuous scanning inside a cluster (deploy/helm/palisade runs it).</summary>
public sealed class OperatorCommand
{
    private readonly Option<string?> _kubeconfig = new("--kubeconfig") { Description = "Kubeconfig file (default: the pod's service account in a cluster, else $KUBECONFIG or ~/.kube/config)" };
    private readonly Option<string?> _context = new("--context") { Description = "Kubeconfig context (default: the current one)" };
    private readonly Option<string> _namespace = new("--namespace") { Description = "The operator's own namespace: its Lease, scan Jobs and their copied registry credentials (default: $POD_NAMESPACE or palisade)" };
    private readonly Option<string> _listen = new("--listen") { Description = "Address for /healthz, /readyz and /metrics", DefaultValueFactory = _ => "0.0.0.0:8080" };
    private readonly Option<string?> _identity = new("--identity") { Description = "This replica's name in the leader Lease (default: $POD_NAME or the host name)" };
    private readonly Option<string?> _image = new("--scan-image") { Description = "The image scan Jobs run (default: $PALISADE_IMAGE, the operator's own image)" };
    private readonly Option<int> _maxScans = new("--max-scans") { Description = "Image scan Jobs running at once", DefaultValueFactory = _ => 5 };
    private readonly Option<bool> _noImages = new("--no-image-scans") { Description = "Only the manifest checks; no image scan Jobs" };
    private readonly Option<string?> _server = new("--server") { Description = "A Palisade server the scan Jobs match against (client mode: no database in the Jobs)" };

    public Command Build(CliEnvironment env)
    {
        var command = new Command("operator", "Scan continuously inside a cluster: workloads as they change, images once per digest as Jobs, results as PolicyReports");
        foreach (var option in new Option[] { _kubeconfig, _context, _namespace, _listen, _identity, _image, _maxScans, _noImages, _server })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(_maxScans) is < 1 or > 100)
        {
            throw new UsageException("--max-scans must be between 1 and 100");
        }
        var ns = parsed.GetValue(_namespace) ?? env.Variable("POD_NAMESPACE") ?? "palisade";
        var options = new OperatorOptions
        {
            Connection = new ConnectionOptions { Kubeconfig = parsed.GetValue(_kubeconfig), Context = parsed.GetValue(_context) },
            Listen = parsed.GetValue(_listen)!,
            Identity = parsed.GetValue(_identity) ?? env.Variable("POD_NAME") ?? Environment.MachineName,
            ScanImages = !parsed.GetValue(_noImages),
            Scans = new ScanJobOptions
            {
                Namespace = ns,
                Image = parsed.GetValue(_image) ?? env.Variable("PALISADE_IMAGE") ?? new ScanJobOptions().Image,
                MaxRunning = parsed.GetValue(_maxScans),
                Server = parsed.GetValue(_server),
            },
            Clock = env.Clock,
        };
        try
        {
            await OperatorHost.RunAsync(options, env.Error, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException ex)
        {
            await env.Error.WriteLineAsync($"palisade operator: could not start: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
        return ExitCodes.Success;
    }
}
