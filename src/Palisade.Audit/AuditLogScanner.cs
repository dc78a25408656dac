using Palisade.Audit.Events;
using Palisade.Audit.Shipping;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;

namespace Palisade.Audit;

/// <summary>
/// Reads audit logs event by event through the detection rules; a truncated or unreadable file keeps what came before
/// it and the other files. Malformed lines are listed (the first hundred) and counted.
/// </summary>
public sealed class AuditLogScanner(Func<Stream> openStandardInput, Func<HttpClient> http) : IScanner<AuditLogScanRequest>
{
    private const int ListedMalformed = 100;

    public string Kind => "audit";

    public async Task<ScanOutput> ScanAsync(AuditLogScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        var shipping = request.Shipping is { } shippingOptions ? new AlertShipping(shippingOptions, http) : null;
        var outgoing = new List<AlertDocument>();
        var analyzer = new AuditAnalyzer(request.Rules, request.Settings)
        {
            OnAlert = shipping is { ToElasticsearch: true } ? (finding, e) => outgoing.Add(AlertDocument.From(finding, e)) : null,
        };
        var findings = new List<Finding>();
        var malformed = 0;
        void Malformed(MalformedInput input)
        {
            malformed++;
            if (malformed <= ListedMalformed)
            {
                diagnostics.Add(new Diagnostic(input.Source, input.Line, input.Reason));
            }
        }
        foreach (var source in request.Sources)
        {
            if (source == "-")
            {
                foreach (var e in AuditEventReader.Read(openStandardInput(), "stdin", Malformed, analyzer.Shape))
                {
                    findings.AddRange(analyzer.Analyze(e));
                }
                continue;
            }
            var full = Path.GetFullPath(source, request.WorkingDirectory);
            if (!Path.Exists(full))
            {
                diagnostics.Add(new Diagnostic(source, null, "no such file or directory"));
                continue;
            }
            foreach (var file in AuditEventReader.Files(full))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var stream = File.OpenRead(file);
                    await using (stream.ConfigureAwait(false))
                    {
                        foreach (var e in AuditEventReader.Read(stream, file, Malformed, analyzer.Shape))
                        {
                            findings.AddRange(analyzer.Analyze(e));
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    // A truncated rotation or an unreadable file: what came before it counts, the other files too.
                    diagnostics.Add(new Diagnostic(file, null, $"could not be read to the end ({ex.Message}); the events before that point were analysed"));
                }
            }
        }
        if (shipping is not null)
        {
            diagnostics.AddRange(await shipping.ShipAsync(outgoing, cancellationToken).ConfigureAwait(false));
            diagnostics.AddRange(await shipping.SendToSyslogAsync(findings, cancellationToken).ConfigureAwait(false));
        }
        if (malformed > ListedMalformed)
        {
            diagnostics.Add(new Diagnostic("audit logs", null, $"{malformed:N0} malformed lines or batches in all (the first {ListedMalformed} are listed)"));
        }
        progress.Report(new ScanProgressUpdate($"analysed {analyzer.Events:N0} audit events with {request.Rules.Count} rules; {malformed:N0} malformed"));
        return new ScanOutput(findings, diagnostics);
    }
}
