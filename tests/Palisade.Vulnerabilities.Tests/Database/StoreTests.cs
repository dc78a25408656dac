using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Tests.Database;

public sealed class StoreTests
{
    [Fact]
    public async Task Malformed_records_are_skipped_counted_and_named()
    {
        var (_, report) = await StoreFixture.LoadAsync("osv-semantics.json", "kev.json", "epss.csv");
        Assert.Contains(report.Skipped, s => s.Reason.Contains("'not a version' is not a semver version", StringComparison.Ordinal));
        Assert.Contains(report.Skipped, s => s.Where.EndsWith("entry 2", StringComparison.Ordinal) && s.Reason == "no cveID");
        Assert.Contains(report.Skipped, s => s.Where.EndsWith("epss.csv:4", StringComparison.Ordinal));
        Assert.Equal(3, report.Skipped.Count);
    }

    [Fact]
    public async Task An_interrupted_import_leaves_the_previous_database_usable()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json");
        var before = store.Info();
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ImportAsync((session, token) =>
        {
            FeedImport.Run([StoreFixture.Feed("kev.json")], session, null, token);
            cancel.Cancel(); // the process is interrupted after writing, before the swap
            token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }, cancel.Token));
        var after = store.Info();
        Assert.Equal((before.Advisories, before.KnownExploited), (after.Advisories, after.KnownExploited));
        Assert.Equal(0, after.KnownExploited);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(store.Path)!));
    }

    [Fact]
    public async Task A_failing_importer_leaves_the_previous_database_usable()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json");
        await Assert.ThrowsAsync<IOException>(() => store.ImportAsync((session, _) =>
        {
            FeedImport.Run([StoreFixture.Feed("kev.json")], session, null, CancellationToken.None);
            throw new IOException("disk full");
        }, CancellationToken.None));
        Assert.Equal(0, store.Info().KnownExploited);
        Assert.Equal(5, store.Info().Advisories);
    }

    [Fact]
    public async Task Export_and_import_move_one_compressed_file()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json", "kev.json", "epss.csv", "debian-tracker.json");
        var export = Path.Combine(StoreFixture.NewFolder(), "palisade-db.zst");
        await DatabaseTransfer.ExportAsync(store, export, CancellationToken.None);
        Assert.True(new FileInfo(export).Length < new FileInfo(store.Path).Length);
        Assert.True(DatabaseTransfer.IsDatabaseFile(export));

        var airGapped = new VulnerabilityStore(Path.Combine(StoreFixture.NewFolder(), StorePaths.FileName), TimeProvider.System);
        await DatabaseTransfer.ImportAsync(airGapped, export, CancellationToken.None);
        var (source, copy) = (store.Info(), airGapped.Info());
        Assert.Equal((source.Advisories, source.AffectedRows, source.KnownExploited, source.Epss), (copy.Advisories, copy.AffectedRows, copy.KnownExploited, copy.Epss));
        Assert.Equal(source.Sources.Select(s => s.Name), copy.Sources.Select(s => s.Name));
    }

    [Fact]
    public async Task A_corrupt_export_is_refused_and_the_database_kept()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json");
        var export = Path.Combine(StoreFixture.NewFolder(), "palisade-db.zst");
        await DatabaseTransfer.ExportAsync(store, export, CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(export);
        await File.WriteAllBytesAsync(export, bytes[..(bytes.Length / 2)]);
        await Assert.ThrowsAnyAsync<Exception>(() => DatabaseTransfer.ImportAsync(store, export, CancellationToken.None));
        Assert.Equal(5, store.Info().Advisories);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(store.Path)!));
    }

    [Fact]
    public void The_default_location_follows_xdg_cache_home()
    {
        Assert.Equal("/x/cache/palisade/vulnerabilities.db", StorePaths.DefaultDatabase(name => name == "XDG_CACHE_HOME" ? "/x/cache" : null));
        Assert.Equal("/home/u/.cache/palisade/vulnerabilities.db", StorePaths.DefaultDatabase(name => name == "HOME" ? "/home/u" : null));
    }
}
