using System.Text;

namespace Palisade.Audit.Rules;

/// <summary>
/// A small fixed set of names (verbs, resources) numbered in order, found from UTF-8 bytes by length first; any
/// other name gets <see cref="Other"/>. Cheaper than decoding to a string for a dictionary.
/// </summary>
internal sealed class Utf8Ids
{
    private readonly (byte[] Name, int Id)[]?[] _byLength;

    public Utf8Ids(IEnumerable<string> names)
    {
        Names = [.. names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var encoded = Names.Select((name, id) => (Name: Encoding.UTF8.GetBytes(name), Id: id)).ToList();
        _byLength = new (byte[], int)[]?[encoded.Count == 0 ? 0 : encoded.Max(e => e.Name.Length) + 1];
        foreach (var group in encoded.GroupBy(e => e.Name.Length))
        {
            _byLength[group.Key] = [.. group];
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Other => Names.Count;

    public int Find(ReadOnlySpan<byte> name)
    {
        if (name.Length < _byLength.Length && _byLength[name.Length] is { } candidates)
        {
            foreach (var (candidate, id) in candidates)
            {
                if (name.SequenceEqual(candidate))
                {
                    return id;
                }
            }
        }
        return Other;
    }

    public int Find(string? name) => name is null ? Other : Find(Encoding.UTF8.GetBytes(name));
}
