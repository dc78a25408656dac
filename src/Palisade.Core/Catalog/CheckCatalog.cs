using System.Collections.Frozen;
using Palisade.Core.Findings;

namespace Palisade.Core.Catalog;

/// <summary>Every check a scanner offers, looked up by id or by a migration alias.</summary>
public sealed class CheckCatalog
{
    private readonly FrozenDictionary<string, CheckInfo> _byId;
    private readonly FrozenDictionary<string, CheckInfo> _byAlias;

    public CheckCatalog(IEnumerable<CheckInfo> checks)
    {
        All = [.. checks.OrderBy(c => c.Id.Value, StringComparer.Ordinal)];
        var duplicate = All.GroupBy(c => c.Id.Value).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"check id '{duplicate.Key}' is defined twice");
        }
        _byId = All.ToFrozenDictionary(c => c.Id.Value, StringComparer.Ordinal);
        _byAlias = All.SelectMany(c => c.Aliases.Select(a => (a, c)))
            .GroupBy(p => p.a, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.First().c, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<CheckInfo> All { get; }

    /// <summary>
    /// Every check an id, an alias (one peer id may cover several of ours: kubescape's C-0057 is privileged and
    /// SYS_ADMIN) or a CIS control number ("1.2.1", newest benchmark) names, in id order.
    /// </summary>
    public IReadOnlyList<CheckInfo> FindAll(string idOrAlias)
    {
        var key = idOrAlias.Trim();
        if (_byId.TryGetValue(key.ToLowerInvariant(), out var exact))
        {
            return [exact];
        }
        return [.. All.Where(c => c.Aliases.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase))
            || c.Frameworks.Any(f => f.Framework == Framework.Cis && f.Control == key))];
    }

    public CheckInfo? Find(string idOrAlias) =>
        _byId.TryGetValue(idOrAlias.Trim().ToLowerInvariant(), out var check) ? check
        : _byAlias.TryGetValue(idOrAlias.Trim(), out check) ? check
        : null;
}
