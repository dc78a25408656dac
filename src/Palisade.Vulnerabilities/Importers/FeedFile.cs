namespace Palisade.Vulnerabilities.Importers;

/// <summary>One file of a feed, wherever it was found (a file, a directory, a zip or tar member).</summary>
public sealed record FeedFile(string Name, byte[] Content)
{
    /// <summary>The first non-blank character, to tell JSON from YAML and CSV without parsing.</summary>
    public char FirstSignificant()
    {
        foreach (var b in Content.AsSpan(0, Math.Min(Content.Length, 4096)))
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return (char)b;
            }
        }
        return '\0';
    }
}

/// <summary>One feed format: recognises its files and loads them into an import session.</summary>
public interface IFeedImporter
{
    string Format { get; }

    bool Recognises(FeedFile file);

    void Import(FeedFile file, Store.ImportSession session, CancellationToken cancellationToken);
}
