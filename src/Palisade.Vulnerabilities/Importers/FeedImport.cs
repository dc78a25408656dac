using System.Text.Json;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>
/// Loads feed files of any supported format into an import session: each file goes to the importer that
/// recognises it; files no importer knows (READMEs, licences) are listed as ignored.
/// </summary>
public static class FeedImport
{
    public static IReadOnlyList<IFeedImporter> Importers { get; } =
    [
        // CSAF first: its documents also have "vulnerabilities" with "cve" inside, as the NVD API's do.
        new RedHatCsafImporter(), new AmazonAlasImporter(), new KevImporter(), new EpssImporter(), new NvdImporter(), new SecdbImporter(), new DebianTrackerImporter(), new OsvImporter(),
    ];

    /// <summary>Imports every path; returns the files that were not feeds.</summary>
    public static IReadOnlyList<string> Run(IEnumerable<string> paths, ImportSession session, Action<string>? progress, CancellationToken cancellationToken)
    {
        var ignored = new List<string>();
        foreach (var path in paths)
        {
            foreach (var file in FeedReader.Read(path, (where, why) => session.Skip(where, why, wholeInput: true)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                session.EndSource();
                var importer = Importers.FirstOrDefault(i => i.Recognises(file));
                if (importer is null)
                {
                    ignored.Add(file.Name);
                    continue;
                }
                progress?.Invoke(file.Name);
                try
                {
                    importer.Import(file, session, cancellationToken);
                }
                catch (Exception ex) when (ex is JsonException or FormatException or InvalidDataException or KeyNotFoundException or InvalidOperationException or System.Xml.XmlException)
                {
                    session.Skip(file.Name, $"{importer.Format}: {ex.Message}", wholeInput: true);
                }
            }
        }
        return ignored;
    }
}
