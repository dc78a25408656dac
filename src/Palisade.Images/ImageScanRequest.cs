using Palisade.Images.Sources.Registry;

namespace Palisade.Images;

/// <summary>What to look for in an image.</summary>
[Flags]
public enum ImageScanners
{
    None = 0,
    Vulnerabilities = 1,
    Secrets = 2,
    Configuration = 4,
    All = Vulnerabilities | Secrets | Configuration,
}

/// <summary>
/// An image scan: an OCI layout (dir:tag, dir@sha256:…), an archive, a root filesystem or a registry reference,
/// resolved against <paramref name="WorkingDirectory"/>.
/// </summary>
public sealed record ImageScanRequest(string Reference, string WorkingDirectory, RegistrySettings Registry)
{
    public ImageScanners Scanners { get; init; } = ImageScanners.All;

    public bool IgnoreUnfixed { get; init; }

    /// <summary>Advisories older than this are reported as a warning: results may miss recent ones.</summary>
    public TimeSpan MaxDatabaseAge { get; init; } = TimeSpan.FromDays(7);
}
