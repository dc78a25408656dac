namespace Palisade.Kubernetes.Checks.Workloads;

/// <summary>The parts of an image reference (<c>registry/repository:tag@digest</c>) the checks need.</summary>
internal sealed record ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference? Parse(string image)
    {
        image = image.Trim();
        if (image.Length == 0)
        {
            return null;
        }
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        // A colon after the last slash is a tag; one before it belongs to a registry host:port.
        var colon = image.LastIndexOf(':');
        var tag = colon > image.LastIndexOf('/') ? image[(colon + 1)..] : null;
        var repository = tag is null ? image : image[..colon];
        return new ImageReference(repository, tag, digest);
    }
}
