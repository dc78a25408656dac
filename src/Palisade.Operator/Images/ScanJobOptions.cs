namespace Palisade.Operator.Images;

/// <summary>How image scans run as Jobs: where, with which image, how many at once, with what resources and retries.</summary>
public sealed record ScanJobOptions
{
    /// <summary>The operator's own namespace: its Jobs and the registry credentials it copies for them live there only.</summary>
    public string Namespace { get; init; } = "palisade";

    /// <summary>The release image the Jobs run (the same binary as the operator).</summary>
    public string Image { get; init; } = "ghcr.io/palisade-security/palisade:0.1.0";

    public string ServiceAccount { get; init; } = "palisade-scanner";

    public int MaxRunning { get; init; } = 5;

    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the second attempt; each later one waits twice as long.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    public int TtlSecondsAfterFinished { get; init; } = 600;

    public int ActiveDeadlineSeconds { get; init; } = 900;

    public string CpuLimit { get; init; } = "1";

    public string MemoryLimit { get; init; } = "1Gi";

    /// <summary>A Palisade server to match against (client mode), so Jobs need no vulnerability database of their own.</summary>
    public string? Server { get; init; }
}
