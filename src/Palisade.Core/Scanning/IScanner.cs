namespace Palisade.Core.Scanning;

/// <summary>
/// The one shape every scan has, whoever runs it (the CLI, the server, an operator Job): a typed request in, one
/// <see cref="ScanOutput"/> out. Problems with inputs are diagnostics in the output, never exceptions; an exception
/// means the request itself could not be carried out.
/// </summary>
public interface IScanner<in TRequest>
{
    /// <summary>The scan kind reports carry (manifests, node, image, cluster, network, audit, audit-policy).</summary>
    string Kind { get; }

    Task<ScanOutput> ScanAsync(TRequest request, IScanProgress progress, CancellationToken cancellationToken);
}
