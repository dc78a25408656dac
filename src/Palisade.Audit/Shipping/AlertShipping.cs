using Palisade.Core.Findings;

namespace Palisade.Audit.Shipping;

/// <summary>Where alerts go besides the report: Elasticsearch through an on-disk spool, and syslog.</summary>
public sealed record AlertShippingOptions(string SpoolDirectory)
{
    /// <summary>Elasticsearch, and the URL as the user gave it (named in notes).</summary>
    public (ElasticsearchOptions Options, string ShownAs)? Elasticsearch { get; init; }

    public SyslogOptions? Syslog { get; init; }
}

/// <summary>
/// Ships alerts: to Elasticsearch always through the spool first (so none is lost if it is down or the process is
/// killed), and to syslog. Every problem comes back as a diagnostic; shipping never fails a scan.
/// </summary>
public sealed class AlertShipping(AlertShippingOptions options, Func<HttpClient> http)
{
    public bool ToElasticsearch => options.Elasticsearch is not null;

    public bool ToSyslog => options.Syslog is not null;

    /// <summary>The spool, when alerts go to Elasticsearch.</summary>
    public AlertSpool? Spool { get; } = options.Elasticsearch is null ? null : new AlertSpool(options.SpoolDirectory);

    /// <summary>Spools <paramref name="alerts"/>, then ships everything pending, oldest first.</summary>
    public async Task<IReadOnlyList<Diagnostic>> ShipAsync(IReadOnlyList<AlertDocument> alerts, CancellationToken cancellationToken)
    {
        if (options.Elasticsearch is not { } target || Spool is null)
        {
            return [];
        }
        foreach (var chunk in alerts.Chunk(500))
        {
            Spool.Append(chunk);
        }
        using var client = http();
        var report = await new ElasticsearchShipper(client, target.Options, Spool).ShipAsync(cancellationToken).ConfigureAwait(false);
        var url = target.ShownAs;
        var notes = new List<Diagnostic> { new(url, null, $"shipped {report.Stored:N0} alert(s) to {target.Options.Index}; {report.Rejected:N0} rejected; {report.Pending:N0} still spooled in {options.SpoolDirectory}", DiagnosticLevel.Notice) };
        notes.AddRange(report.Problems.Take(20).Select(p => new Diagnostic(url, null, p)));
        if (report.Pending > 0)
        {
            notes.Add(new Diagnostic(url, null, $"{report.Pending:N0} alert(s) could not be delivered yet; they stay in {options.SpoolDirectory} and go first next time"));
        }
        return notes;
    }

    /// <summary>Sends alerts as RFC 5424 syslog; a receiver that is down is one diagnostic.</summary>
    public async Task<IReadOnlyList<Diagnostic>> SendToSyslogAsync(IReadOnlyList<Finding> alerts, CancellationToken cancellationToken)
    {
        if (options.Syslog is not { } syslog || alerts.Count == 0)
        {
            return [];
        }
        try
        {
            await new SyslogSender(syslog).SendAsync(alerts, cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return [new Diagnostic($"{syslog.Host}:{syslog.Port}", null, $"syslog: {ex.Message}")];
        }
    }
}
