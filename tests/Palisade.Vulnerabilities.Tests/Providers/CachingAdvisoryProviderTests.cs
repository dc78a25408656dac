using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Providers;
using Palisade.Vulnerabilities.Tests.Database;

namespace Palisade.Vulnerabilities.Tests.Providers;

/// <summary>A pass over many inventories looks each package up once, gives the same answers, and remembers only so much.</summary>
public sealed class CachingAdvisoryProviderTests
{
    [Fact]
    public async Task Each_package_is_looked_up_once_and_answers_are_the_same()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json");
        var counting = new CountingProvider(store.OpenProvider()!);
        using var cached = new CachingAdvisoryProvider(counting);
        PackageQuery[] image = [new("npm", "left-pad", "1.2.0"), new("npm", "left-pad", "1.3.0"), new("PyPI", "foo-bar", "1.1")];

        var first = await cached.MatchAsync(image, CancellationToken.None);
        var second = await cached.MatchAsync(image, CancellationToken.None);
        var direct = await counting.Inner.MatchAsync(image, CancellationToken.None);

        Assert.Equal(3, counting.Looked);
        Assert.Equal(Describe(direct), Describe(first));
        Assert.Equal(Describe(direct), Describe(second));
        Assert.Contains("npm/left-pad@1.2.0 TEST-2024-0001", Describe(first));
    }

    [Fact]
    public async Task Past_its_capacity_it_still_answers_but_remembers_no_more()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json");
        var counting = new CountingProvider(store.OpenProvider()!);
        using var cached = new CachingAdvisoryProvider(counting, capacity: 1);
        PackageQuery[] image = [new("npm", "left-pad", "1.2.0"), new("npm", "left-pad", "2.0.5")];

        var first = await cached.MatchAsync(image, CancellationToken.None);
        var second = await cached.MatchAsync(image, CancellationToken.None);

        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal(3, counting.Looked); // both the first time, the one not remembered again
    }

    private static List<string> Describe(MatchResult result) =>
        [.. result.Matches.Select(m => $"{m.Package.Ecosystem}/{m.Package.Name}@{m.Package.Version} {m.AdvisoryId}").Order(StringComparer.Ordinal)];

    /// <summary>The real provider, counting the packages it is asked about.</summary>
    private sealed class CountingProvider(IAdvisoryProvider inner) : IAdvisoryProvider
    {
        public IAdvisoryProvider Inner => inner;

        public int Looked { get; private set; }

        public string Location => inner.Location;

        public DateTimeOffset? UpdatedAt => inner.UpdatedAt;

        public Task<MatchResult> MatchAsync(IReadOnlyCollection<PackageQuery> packages, CancellationToken cancellationToken)
        {
            Looked += packages.Count;
            return inner.MatchAsync(packages, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
