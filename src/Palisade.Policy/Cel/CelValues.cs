namespace Palisade.Policy.Cel;

// CEL values are plain .NET values where they exist (long int, ulong uint, double, bool, string, null, lists as
// IReadOnlyList<object?>) and these records where they do not.

/// <summary>A bytes value, equal to another by content.</summary>
public sealed record CelBytes(byte[] Value)
{
    public bool Equals(CelBytes? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Value);
        return hash.ToHashCode();
    }
}

/// <summary>A type as a value (what type(x) returns, and the identifiers int, string, list…).</summary>
public sealed record CelType(string Name);

/// <summary>An evaluation error as a value, so that || and &amp;&amp; can absorb it as the language requires.</summary>
public sealed record CelError(string Message);

/// <summary>
/// A map: keys are int, uint, bool or string; an int key and a uint key of the same number are the same key. A value
/// may be a <see cref="CelLazy"/>, computed on first read (admission policies' variables are evaluated only when used).
/// </summary>
public sealed class CelMap
{
    private readonly Dictionary<object, int> _byKey = [];
    private readonly List<KeyValuePair<object, object?>> _entries = [];

    public IReadOnlyList<KeyValuePair<object, object?>> Entries
    {
        get
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                Resolve(i);
            }
            return _entries;
        }
    }

    public int Count => _entries.Count;

    /// <summary>Adds an entry; false when the key is already there.</summary>
    public bool TryAdd(object key, object? value)
    {
        if (!_byKey.TryAdd(Normalize(key), _entries.Count))
        {
            return false;
        }
        _entries.Add(new(key, value));
        return true;
    }

    public bool TryGet(object? key, out object? value)
    {
        value = null;
        if (key is null || Normalized(key) is not { } normalized || !_byKey.TryGetValue(normalized, out var index))
        {
            return false;
        }
        value = Resolve(index);
        return true;
    }

    private object? Resolve(int index)
    {
        var entry = _entries[index];
        if (entry.Value is CelLazy lazy)
        {
            entry = new(entry.Key, lazy.Compute());
            _entries[index] = entry;
        }
        return entry.Value;
    }

    public static bool IsKeyType(object? key) => key is long or ulong or bool or string;

    /// <summary>Numeric keys meet by value: 1, 1u and 1.0 name the same entry.</summary>
    private static object? Normalized(object key) => key switch
    {
        double d when d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758E18 => (long)d,
        double d when d == Math.Floor(d) && d >= 0 && d < 1.8446744073709552E19 => (ulong)d,
        double => null,
        _ => Normalize(key),
    };

    private static object Normalize(object key) => key is ulong u && u <= long.MaxValue ? (long)u : key;
}

/// <summary>A map value computed when first read.</summary>
public sealed class CelLazy(Func<object?> compute)
{
    public object? Compute() => compute();
}

/// <summary>An optional value (the optionals library): some value, or none.</summary>
public sealed record CelOptional(bool HasValue, object? Value)
{
    public static CelOptional None { get; } = new(false, null);

    public static CelOptional Of(object? value) => new(true, value);
}

/// <summary>A value of an extension type (quantity, IP, CIDR, URL, semver…): its CEL type, and its text for string().</summary>
public interface ICelObject
{
    CelType Type { get; }

    /// <summary>What string(value) returns.</summary>
    string Text { get; }
}

/// <summary>An extension value with fields (authorizer.requestResource).</summary>
public interface ICelFields
{
    bool TryGetField(string name, out object? value);
}
