namespace Palisade.Server;

/// <summary>Everything `palisade server` is started with.</summary>
public sealed record ServerOptions
{
    /// <summary>ADDR:PORT to listen on (port 0 picks a free one, for tests).</summary>
    public string Listen { get; init; } = "127.0.0.1:8080";

    /// <summary>sqlite:PATH or postgres://user:password@host:port/database.</summary>
    public required string Database { get; init; }

    /// <summary>The file of token hashes (`palisade server token add`); without it only client certificates get in.</summary>
    public string? TokenFile { get; init; }

    /// <summary>The only directories whose files a scan request may name.</summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];

    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    /// <summary>A CA whose client certificates are accepted instead of a token (write scope).</summary>
    public string? ClientCa { get; init; }

    /// <summary>The vulnerability database the server matches with (`palisade db update`/`db import` keep it current).</summary>
    public required string AdvisoryDatabase { get; init; }

    /// <summary>Scans run at once.</summary>
    public int Workers { get; init; } = 2;

    public long MaxUploadBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Requests a caller may make per minute (a token bucket per token or certificate).</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>This server's name in the queue: what it was running before a restart is its own to recover.</summary>
    public string Instance { get; init; } = Environment.MachineName;

    /// <summary>How often the vulnerability database is checked for an update that calls for re-matching.</summary>
    public TimeSpan RematchInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a claimed scan is its worker's without a renewal.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Registry references may be pulled (otherwise only paths under the allowed roots and uploads).</summary>
    public bool AllowRegistry { get; init; } = true;

    public Notifications.NotificationOptions Notifications { get; init; } = new();

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where the access log and server messages go.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
