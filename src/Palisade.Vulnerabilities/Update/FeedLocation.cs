using System.Reflection;

namespace Palisade.Vulnerabilities.Update;

/// <summary>Where `palisade db update` fetches one feed from. The default list is data (feeds.csv), not code.</summary>
public sealed record FeedLocation(string Name, Uri Url)
{
    public static IReadOnlyList<FeedLocation> Defaults()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Palisade.Vulnerabilities.Data.feeds.csv")
            ?? throw new InvalidOperationException("feeds.csv is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "feeds.csv");
    }

    /// <summary>A "name,url" CSV (header optional), as given by --feeds to use a mirror.</summary>
    public static IReadOnlyList<FeedLocation> Parse(string text, string origin)
    {
        var feeds = new List<FeedLocation>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line == "name,url")
            {
                continue;
            }
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0 || !Uri.TryCreate(line[(comma + 1)..].Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                throw new FormatException($"{origin}:{lineNumber}: expected 'name,https://…'");
            }
            feeds.Add(new FeedLocation(line[..comma].Trim(), url));
        }
        return feeds;
    }

    /// <summary>The file name the download is saved under, keeping the extension importers recognise.</summary>
    public string FileName
    {
        get
        {
            var last = Uri.UnescapeDataString(Url.Segments[^1]);
            var extension = last.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) ? ".csv.gz" : Path.GetExtension(last);
            return Name + (extension.Length == 0 ? ".json" : extension);
        }
    }
}
