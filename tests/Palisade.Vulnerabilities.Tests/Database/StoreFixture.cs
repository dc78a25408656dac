using Palisade.TestSupport;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Tests.Database;

/// <summary>A fresh database in a temporary folder, loaded from this project's fixture feeds.</summary>
internal static class StoreFixture
{
    public static string Feed(string name) => Path.Combine(RepositoryPaths.Root, "tests", "Palisade.Vulnerabilities.Tests", "Fixtures", "feeds", name);

    public static string NewFolder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-db-tests", Guid.NewGuid().ToString("N"))).FullName;

    public static async Task<(VulnerabilityStore Store, ImportReport Report)> LoadAsync(params string[] feeds)
    {
        var store = new VulnerabilityStore(Path.Combine(NewFolder(), StorePaths.FileName), TimeProvider.System);
        var report = await store.ImportAsync((session, token) =>
        {
            FeedImport.Run(feeds.Select(Feed), session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return (store, report);
    }
}
