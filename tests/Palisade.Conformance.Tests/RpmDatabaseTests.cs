using System.Text.Json;
using Palisade.Images.Analyzers.Rpm;
using Palisade.TestSupport;

namespace Palisade.Conformance.Tests;

/// <summary>go-rpmdb's databases (../shared/corpora/package-databases/rpmdb) against its expected.json.</summary>
public sealed class RpmDatabaseTests
{
    private const string Root = "package-databases/rpmdb";

    private static JsonElement Expected() => JsonDocument.Parse(File.ReadAllText(Corpus.Require($"{Root}/expected.json"))).RootElement;

    [SkippableFact]
    public void Sqlite_backend_lists_every_package()
    {
        var source = Corpus.Require($"{Root}/pkg/testdata/cbl-mariner-2.0/rpmdb.sqlite");
        // Read a copy: the corpus is read-only and SQLite may want to touch its -shm file.
        var copy = Path.Combine(Path.GetTempPath(), $"palisade-rpmdb-{Guid.NewGuid():N}.sqlite");
        File.Copy(source, copy);
        var headers = RpmDatabases.Sqlite(copy).Select(b => RpmHeaderParser.Parse(b)).ToList();
        var expected = Expected().GetProperty("cbl-mariner-2.0/rpmdb.sqlite");
        Assert.Equal(expected.GetProperty("packages_table_rows").GetInt32(), headers.Count);
        var must = expected.GetProperty("must_contain");
        Assert.Contains(headers, h => h.Name == must.GetProperty("name").GetString() && h.Version == must.GetProperty("version").GetString()
            && h.Release == must.GetProperty("release").GetString() && h.Arch == must.GetProperty("arch").GetString()
            && h.SourceRpm == must.GetProperty("sourcerpm").GetString());
    }

    [SkippableFact]
    public void Ndb_backend_lists_exactly_the_expected_packages()
    {
        var file = File.ReadAllBytes(Corpus.Require($"{Root}/pkg/testdata/sle15-bci/Packages.db"));
        Assert.True(RpmDatabases.IsNdb(file));
        var got = RpmDatabases.Ndb(file).Select(b => RpmHeaderParser.Parse(b))
            .Select(h => $"{h.Epoch?.ToString() ?? "-"} {h.Name} {h.Version} {h.Release} {h.Arch} {h.SourceRpm}").ToList();
        var want = Expected().GetProperty("sle15-bci/Packages.db").EnumerateArray()
            .Select(p => $"{(p.GetProperty("epoch").ValueKind == JsonValueKind.Null ? "-" : p.GetProperty("epoch").GetInt32().ToString())} {p.GetProperty("name").GetString()} {p.GetProperty("version").GetString()} {p.GetProperty("release").GetString()} {p.GetProperty("arch").GetString()} {p.GetProperty("sourcerpm").GetString()}")
            .ToList();
        Assert.Equal(want.Order(StringComparer.Ordinal), got.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void A_damaged_header_blob_is_an_error_not_a_crash()
    {
        var blob = File.ReadAllBytes(Corpus.Require($"{Root}/pkg/testdata/blob.bin"));
        Assert.NotNull(RpmHeaderParser.Parse(blob).Name);
        var truncated = blob[..(blob.Length / 2)];
        Assert.Throws<InvalidDataException>(() => RpmHeaderParser.Parse(truncated));
        Assert.Throws<InvalidDataException>(() => RpmHeaderParser.Parse(new byte[] { 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1 }));
    }

    [SkippableFact]
    public void The_rpm_analyzer_reads_the_database_where_the_image_keeps_it()
    {
        var root = Path.Combine(Path.GetTempPath(), "palisade-rpm-image", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(root, "var/lib/rpm"));
        File.Copy(Corpus.Require($"{Root}/pkg/testdata/cbl-mariner-2.0/rpmdb.sqlite"), Path.Join(root, "var/lib/rpm/rpmdb.sqlite"));
        var result = new RpmAnalyzer().Analyze(new Palisade.Images.Filesystem.DirectoryTree(root));
        Assert.Empty(result.Problems);
        Assert.Equal(129, result.Packages.Count);
        var curl = Assert.Single(result.Packages, p => p.Name == "curl");
        Assert.Equal(("7.76.0-6.cm2", "curl", "x86_64"), (curl.Version, curl.SourceName, curl.Architecture));
        Assert.All(result.Packages, p => Assert.True(new Palisade.Vulnerabilities.Versioning.RpmVersion().IsValid(p.Version)));
    }

    [SkippableFact]
    public void The_berkeley_db_hash_database_yields_the_expected_package()
    {
        var root = Path.Combine(Path.GetTempPath(), "palisade-rpm-bdb", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(root, "var/lib/rpm"));
        File.Copy(Corpus.Require($"{Root}/pkg/testdata/libuuid/Packages"), Path.Join(root, "var/lib/rpm/Packages"));
        var result = new RpmAnalyzer().Analyze(new Palisade.Images.Filesystem.DirectoryTree(root));
        Assert.Empty(result.Problems);
        var libuuid = Assert.Single(result.Packages);
        Assert.Equal(("libuuid", "2.32.1-42.el8_8", "util-linux", "x86_64"), (libuuid.Name, libuuid.Version, libuuid.SourceName, libuuid.Architecture));
    }

    [SkippableFact]
    public void A_damaged_berkeley_db_database_is_a_diagnostic()
    {
        var root = Path.Combine(Path.GetTempPath(), "palisade-rpm-bdb", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(root, "var/lib/rpm"));
        var bytes = File.ReadAllBytes(Corpus.Require($"{Root}/pkg/testdata/libuuid/Packages"));
        File.WriteAllBytes(Path.Join(root, "var/lib/rpm/Packages"), bytes[..(bytes.Length / 3)]);
        var result = new RpmAnalyzer().Analyze(new Palisade.Images.Filesystem.DirectoryTree(root));
        Assert.Contains("Berkeley DB", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }
}
