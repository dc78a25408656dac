namespace Palisade.Images.Sbom;

/// <summary>A parsed package URL (pkg:type/namespace/name@version?qualifiers#subpath), per the purl specification.</summary>
public sealed record PackageUrl(string Type, string? Namespace, string Name, string? Version, IReadOnlyDictionary<string, string> Qualifiers)
{
    public static PackageUrl? TryParse(string? text)
    {
        if (text is null || !text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase) || text.Length > 4096)
        {
            return null;
        }
        var rest = text[4..].TrimStart('/');
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    qualifiers[pair[..equals].ToLowerInvariant()] = Uri.UnescapeDataString(pair[(equals + 1)..]);
                }
            }
            rest = rest[..question];
        }
        string? version = null;
        var at = rest.LastIndexOf('@');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        // An '@' after the type's slash ends the path; one inside the namespace (an npm scope, %40-encoded or not) does not.
        if (at > slash && at > rest.LastIndexOf('/'))
        {
            version = Uri.UnescapeDataString(rest[(at + 1)..]);
            rest = rest[..at];
        }
        if (slash <= 0)
        {
            return null;
        }
        var type = rest[..slash].ToLowerInvariant();
        var segments = rest[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (segments.Count == 0)
        {
            return null;
        }
        var name = segments[^1];
        var @namespace = segments.Count > 1 ? string.Join('/', segments.Take(segments.Count - 1)) : null;
        return new PackageUrl(type, @namespace, name, version, qualifiers);
    }
}
