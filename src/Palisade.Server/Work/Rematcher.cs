using System.Globalization;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Images;
using Palisade.Images.Matching;
using Palisade.Reporting.Json;
using Palisade.Server.Notifications;
using Palisade.Server.Storage;
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
    private readonly VulnerabilityStore _advisories = new(Path.GetFullPath(options.AdvisoryDatabase, options.WorkingDirectory), options.Clock);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Makes <paramref name="findings"/>' vulnerabilities the image's set; notifies the new ones when asked.</summary>
    public async Task<IReadOnlyList<StoredVulnerability>> RecordAsync(string digest, string reference, IReadOnlyList<Finding> findings, bool notify, CancellationToken cancellationToken)
    {
        var current = findings.Where(f => f.Vulnerability is not null).Select(f => new StoredVulnerability(
            f.Vulnerability!.Id, f.Vulnerability.Package, f.Vulnerability.InstalledVersion, f.Severity.ToSlug(), f.Vulnerability.FixedVersion, JsonReportWriter.Serialize(f))).ToList();
        var added = await images.ReplaceVulnerabilitiesAsync(digest, current, cancellationToken).ConfigureAwait(false);
        if (notify && added.Count > 0)
        {
            var now = options.Clock.GetUtcNow();
            await notifications.EnqueueAsync([.. added.Select(v => VulnerabilityNotification.For(digest, reference, v, now))], cancellationToken).ConfigureAwait(false);
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
            var matcher = new InventoryMatcher(_advisories.OpenProvider, _advisories.Path, options.Clock);
            await foreach (var image in images.AllAsync(200, cancellationToken).ConfigureAwait(false))
            {
                var inventory = JsonSerializer.Deserialize(image.Inventory, ServerJson.Default.Inventory);
                if (inventory is null)
                {
                    continue;
                }
                var output = await matcher.MatchAsync(ImageInventories.FromInventory(inventory), ignoreUnfixed: false, TimeSpan.MaxValue, cancellationToken).ConfigureAwait(false);
                if (output.Diagnostics.Any(d => d.Level == DiagnosticLevel.Error))
                {
                    // No database (or an unreadable one): keep what is stored rather than empty every image.
                    break;
                }
                added += (await RecordAsync(image.Digest, image.Reference, output.Findings, notify: true, cancellationToken).ConfigureAwait(false)).Count;
                count++;
            }
            if (version is not null)
            {
                await state.SetAsync(DatabaseVersionKey, version, cancellationToken).ConfigureAwait(false);
            }
            var outcome = new RematchOutcome(count, added, options.Clock.GetElapsedTime(started), version);
            await options.Log.WriteLineAsync($"re-matched {count} image(s) against advisories {version ?? "(none)"}: {added} new vulnerabilit{(added == 1 ? "y" : "ies")} in {outcome.Took.TotalSeconds:0.0} s").ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

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
