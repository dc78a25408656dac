using Microsoft.Data.Sqlite;
using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Rpm;

/// <summary>
/// RPM packages from the rpm database in its SQLite (rpm 4.16+, RHEL 9, Fedora, Azure Linux), NDB (SUSE) or
/// Berkeley DB hash (RHEL 8 and older, Amazon Linux 2) form.
/// The source package comes from the SOURCERPM tag, which Red Hat's and SUSE's advisories are filed under.
/// </summary>
public sealed class RpmAnalyzer : IPackageAnalyzer
{
    public static readonly string[] SqlitePaths = ["/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"];
    public static readonly string[] NdbPaths = ["/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db"];
    public static readonly string[] BerkeleyPaths = ["/var/lib/rpm/Packages"];

    public string Name => "rpm";

    public bool Wants(string path) => SqlitePaths.Contains(path) || NdbPaths.Contains(path) || BerkeleyPaths.Contains(path);

    public AnalysisResult Analyze(IFileTree tree)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>();
        foreach (var path in SqlitePaths.Where(tree.Exists))
        {
            Read(path, tree, problems, packages, bytes =>
            {
                var copy = Path.Combine(Path.GetTempPath(), $"palisade-rpmdb-{Guid.NewGuid():N}.sqlite");
                File.WriteAllBytes(copy, bytes);
                try
                {
                    return [.. RpmDatabases.Sqlite(copy)];
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                    File.Delete(copy);
                }
            });
        }
        foreach (var path in NdbPaths.Where(tree.Exists))
        {
            Read(path, tree, problems, packages, bytes => RpmDatabases.IsNdb(bytes) ? [.. RpmDatabases.Ndb(bytes)] : throw new InvalidDataException("not an NDB rpm database"));
        }
        if (packages.Count == 0)
        {
            foreach (var path in BerkeleyPaths.Where(tree.Exists))
            {
                Read(path, tree, problems, packages, bytes => [.. BerkeleyHash.Values(bytes)]);
            }
        }
        return new AnalysisResult(packages, problems);
    }

    private static void Read(string path, IFileTree tree, List<AnalysisProblem> problems, List<Package> packages, Func<byte[], List<byte[]>> blobs)
    {
        using var stream = tree.Open(path);
        if (stream is null)
        {
            return;
        }
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        List<byte[]> headers;
        try
        {
            headers = blobs(buffer.ToArray());
        }
        catch (Exception ex) when (ex is InvalidDataException or SqliteException)
        {
            problems.Add(new AnalysisProblem(path, null, $"unreadable rpm database: {ex.Message}"));
            return;
        }
        foreach (var blob in headers)
        {
            try
            {
                var header = RpmHeaderParser.Parse(blob);
                var version = $"{(header.Epoch is { } e ? $"{e}:" : "")}{header.Version}-{header.Release}";
                packages.Add(new Package("rpm", header.Name, version, path)
                {
                    SourceName = SourceName(header.SourceRpm) ?? header.Name,
                    SourceVersion = version,
                    Architecture = header.Arch,
                    Layer = tree.LayerOf(path),
                });
            }
            catch (InvalidDataException ex)
            {
                problems.Add(new AnalysisProblem(path, null, ex.Message));
            }
        }
    }

    /// <summary>"util-linux-2.32.1-42.el8_8.src.rpm" names source package "util-linux".</summary>
    internal static string? SourceName(string? sourceRpm)
    {
        if (sourceRpm is null || !sourceRpm.EndsWith(".rpm", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = sourceRpm.Split('-');
        return parts.Length >= 3 ? string.Join('-', parts[..^2]) : null;
    }
}
