using System.Globalization;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Images;
using Palisade.Images.Matching;
using Palisade.Reporting.Json;
using Palisade.Server.Notifications;
using Palisade.Server.Storage;
using Palisade.Vulnerabilities.Providers;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Server.Work;

/// <summary>What one pass of re-matching did.</summary>
public sealed record RematchOutcome(long Images, long NewVulnerabilities, TimeSpan Took, string? DatabaseVersion);

/// <summary>
/// Keeps every stored image's vulnerabilities current: when the advisory database changes, each stored inventory is
/// matched again (the images are never opened), and advisories newly affecting an image become notifications.
/// </summary>
public sealed class Rematcher(ServerOptions options, ImageStore images, ServerState state, INotificationSink notifications) : IDisposable
{
    private const string DatabaseVersionKey = "advisories.version";
    private const int PageSize = 200;
    private readonly VulnerabilityStore _advisories = new(Path.GetFullPath(options.AdvisoryDatabase, options.WorkingDirectory), options.Clock);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Makes <paramref name="findings"/>' vulnerabilities the image's set; notifies the new ones when asked.</summary>
    public async Task<IReadOnlyList<StoredVulnerability>> RecordAsync(string digest, string reference, IReadOnlyList<Finding> findings, bool notify, CancellationToken cancellationToken)
    {
        var added = await images.ReplaceVulnerabilitiesAsync(digest, Vulnerabilities(findings), cancellationToken).ConfigureAwait(false);
        if (notify)
        {
            await NotifyAsync([(digest, reference, added)], cancellationToken).ConfigureAwait(false);
        }
        return added;
    }

    /// <summary>Re-matches everything when the advisory database is not the version last matched; null when it is.</summary>
    public async Task<RematchOutcome?> RematchIfChangedAsync(CancellationToken cancellationToken)
    {
        var version = DatabaseVersion();
        if (version is null || version == await state.GetAsync(DatabaseVersionKey, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return await RematchAllAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RematchOutcome> RematchAllAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = options.Clock.GetTimestamp();
            var version = DatabaseVersion();
            long count = 0, added = 0;
            var opened = _advisories.OpenProvider();
            if (opened is null)
            {
                // No database (yet): keep what is stored rather than empty every image.
                return new RematchOutcome(0, 0, options.Clock.GetElapsedTime(started), version);
            }
            using var advisories = new CachingAdvisoryProvider(opened);
            var page = new List<(string Digest, string Reference, IReadOnlyList<StoredVulnerability> Current)>();
            await foreach (var image in images.AllAsync(PageSize, cancellationToken).ConfigureAwait(false))
            {
                if (StoredInventories.Deserialize(image.Inventory) is not { } inventory)
                {
                    continue;
                }
                var outcome = await ImageVulnerabilityScan.MatchAsync(ImageInventories.FromInventory(inventory), advisories, new ImageVulnerabilityScan.Options(IgnoreUnfixed: false), cancellationToken).ConfigureAwait(false);
                page.Add((image.Digest, image.Reference, Vulnerabilities(outcome.Findings)));
                count++;
                if (page.Count == PageSize)
                {
                    added += await StorePageAsync(page, cancellationToken).ConfigureAwait(false);
                    page.Clear();
                }
            }
            added += await StorePageAsync(page, cancellationToken).ConfigureAwait(false);
            if (version is not null)
            {
                await state.SetAsync(DatabaseVersionKey, version, cancellationToken).ConfigureAwait(false);
            }
            var result = new RematchOutcome(count, added, options.Clock.GetElapsedTime(started), version);
            await options.Log.WriteLineAsync($"re-matched {count} image(s) against advisories {version ?? "(none)"}: {added} new vulnerabilit{(added == 1 ? "y" : "ies")} in {result.Took.TotalSeconds:0.0} s").ConfigureAwait(false);
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<long> StorePageAsync(List<(string Digest, string Reference, IReadOnlyList<StoredVulnerability> Current)> page, CancellationToken cancellationToken)
    {
        if (page.Count == 0)
        {
            return 0;
        }
        var added = await images.ReplaceVulnerabilitiesAsync([.. page.Select(p => (p.Digest, p.Current))], cancellationToken).ConfigureAwait(false);
        await NotifyAsync([.. page.Select(p => (p.Digest, p.Reference, added[p.Digest]))], cancellationToken).ConfigureAwait(false);
        return added.Values.Sum(a => (long)a.Count);
    }

    private async Task NotifyAsync(IReadOnlyList<(string Digest, string Reference, IReadOnlyList<StoredVulnerability> Added)> images, CancellationToken cancellationToken)
    {
        var now = options.Clock.GetUtcNow();
        var documents = images.SelectMany(i => i.Added.Select(v => VulnerabilityNotification.For(i.Digest, i.Reference, v, now))).ToList();
        if (documents.Count > 0)
        {
            await notifications.EnqueueAsync(documents, cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<StoredVulnerability> Vulnerabilities(IReadOnlyList<Finding> findings) =>
        [.. findings.Where(f => f.Vulnerability is not null).Select(f => new StoredVulnerability(
            f.Vulnerability!.Id, f.Vulnerability.Package, f.Vulnerability.InstalledVersion, f.Severity.ToSlug(), f.Vulnerability.FixedVersion, JsonReportWriter.Serialize(f)))];

    /// <summary>The advisory database's version: when it was last updated, and its file's size and time as a tie-breaker.</summary>
    public string? DatabaseVersion()
    {
        var file = new FileInfo(_advisories.Path);
        if (!file.Exists)
        {
            return null;
        }
        using var provider = _advisories.OpenProvider();
        var updated = provider?.UpdatedAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "never";
        return $"{updated}/{file.Length}/{file.LastWriteTimeUtc.Ticks}";
    }

    public void Dispose() => _oneAtATime.Dispose();

    /// <summary>When the advisory database was last updated, for the metrics.</summary>
    public DateTimeOffset? DatabaseUpdatedAt()
    {
        using var provider = File.Exists(_advisories.Path) ? _advisories.OpenProvider() : null;
        return provider?.UpdatedAt;
    }
}
