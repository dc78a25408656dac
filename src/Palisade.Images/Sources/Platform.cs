namespace Palisade.Images.Sources;

/// <summary>An image platform as --platform takes it: os/architecture[/variant], e.g. linux/arm64/v8.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant)
{
    public static Platform Default { get; } = new("linux", "amd64", null);

    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length is 2 or 3 && parts.All(p => p.Length > 0)
            ? new Platform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : throw new ImageSourceException($"--platform '{text}': expected os/architecture[/variant], e.g. linux/arm64");
    }

    /// <summary>A descriptor's platform matches when os and architecture agree and the variant does when asked for.</summary>
    public bool Matches(string? os, string? architecture, string? variant) =>
        os == Os && architecture == Architecture && (Variant is null || variant == Variant || (variant is null && Variant == "v8" && Architecture == "arm64"));

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

/// <summary>An image cannot be obtained: named by reference, never a stack trace.</summary>
public sealed class ImageSourceException : Exception
{
    public ImageSourceException(string message) : base(message)
    {
    }

    public ImageSourceException(string message, Exception inner) : base(message, inner)
    {
    }

    public ImageSourceException()
    {
    }
}
