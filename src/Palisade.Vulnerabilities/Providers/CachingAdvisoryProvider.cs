using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Providers;

/// <summary>
/// Remembers each package's matches for the life of one pass over many inventories (the server re-matching every
/// stored image): images share most of their packages, so each distinct package is looked up once. At most
/// <paramref name="capacity"/> packages are remembered, so memory stays bounded however varied the images are.
/// </summary>
public sealed class CachingAdvisoryProvider(IAdvisoryProvider inner, int capacity = 100_000) : IAdvisoryProvider
{
    private readonly Dictionary<(string, string, string), (List<VulnerabilityMatch> Matches, List<MatchProblem> Problems)> _known = [];
    private readonly Lock _gate = new();

    public string Location => inner.Location;

    public DateTimeOffset? UpdatedAt => inner.UpdatedAt;

    public async Task<MatchResult> MatchAsync(IReadOnlyCollection<PackageQuery> packages, CancellationToken cancellationToken)
    {
        var matches = new List<VulnerabilityMatch>();
        var problems = new List<MatchProblem>();
        var unknown = new List<PackageQuery>();
        lock (_gate)
        {
            foreach (var query in packages)
            {
                if (_known.TryGetValue(Key(query), out var known))
                {
                    matches.AddRange(known.Matches.Select(m => m with { Package = query }));
                    problems.AddRange(known.Problems.Select(p => p with { Package = query }));
                }
                else
                {
                    unknown.Add(query);
                }
            }
        }
        if (unknown.Count == 0)
        {
            return new MatchResult(matches, problems);
        }
        var fresh = await inner.MatchAsync(unknown, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var remembered = new HashSet<(string, string, string)>();
            foreach (var query in unknown.TakeWhile(_ => _known.Count < capacity))
            {
                if (_known.TryAdd(Key(query), ([], [])))
                {
                    remembered.Add(Key(query));
                }
            }
            foreach (var match in fresh.Matches.Where(m => remembered.Contains(Key(m.Package))))
            {
                _known[Key(match.Package)].Matches.Add(match);
            }
            foreach (var problem in fresh.Problems.Where(p => remembered.Contains(Key(p.Package))))
            {
                _known[Key(problem.Package)].Problems.Add(problem);
            }
        }
        matches.AddRange(fresh.Matches);
        problems.AddRange(fresh.Problems);
        return new MatchResult(matches, problems);
    }

    public void Dispose() => inner.Dispose();

    private static (string, string, string) Key(PackageQuery query) => (query.Ecosystem, query.Name, query.Version);
}
