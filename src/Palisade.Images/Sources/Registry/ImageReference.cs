using System.Text.RegularExpressions;

namespace Palisade.Images.Sources.Registry;

/// <summary>
/// A registry reference as Docker reads it: [host[:port]/]repository[:tag][@sha256:…]. No host means Docker Hub,
/// where one-part names live under library/.
/// </summary>
public sealed partial record ImageReference(string Host, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "registry-1.docker.io";

    public string Reference => Digest ?? Tag ?? "latest";

    public override string ToString() => $"{Host}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    public static ImageReference? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var name = match.Groups["name"].Value;
        var first = name.Split('/')[0];
        var hasHost = name.Contains('/', StringComparison.Ordinal) && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost");
        var host = hasHost ? first : DockerHub;
        var repository = hasHost ? name[(first.Length + 1)..] : name;
        if (repository.Any(char.IsAsciiLetterUpper))
        {
            return null; // repository names are lowercase; only a registry host may have capitals
        }
        if (host is "docker.io" or "index.docker.io")
        {
            host = DockerHub;
        }
        if (host == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }
        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : null;
        var digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
        return new ImageReference(host, repository, tag ?? (digest is null ? "latest" : null), digest);
    }

    [GeneratedRegex(@"^(?<name>(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
