using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Policy.Cel;

/// <summary>The standard definitions: operators, size, string functions, conversions and type(), with CEL's overflow and error rules.</summary>
internal static class CelLibrary
{
    public static CelType TypeOf(object? value) => value switch
    {
        null => new CelType("null_type"),
        long => new CelType("int"),
        ulong => new CelType("uint"),
        double => new CelType("double"),
        bool => new CelType("bool"),
        string => new CelType("string"),
        CelBytes => new CelType("bytes"),
        IReadOnlyList<object?> => new CelType("list"),
        CelMap => new CelType("map"),
        CelType => new CelType("type"),
        CelError => new CelType("error"),
        CelOptional => new CelType("optional_type"),
        ICelObject o => o.Type,
        _ => new CelType(value.GetType().Name),
    };

    /// <summary>
    /// The calls admission policies make most (optional selection, orValue, hasValue, equality, in), answered without
    /// the general dispatch; false sends the call on to <see cref="Invoke"/>, which gives the same answers.
    /// </summary>
    public static bool Fast(string function, bool member, object? target, object?[] args, out object? result)
    {
        result = null;
        switch (function)
        {
            case "_?._" when args is [CelMap map, string field]:
                result = map.TryGet(field, out var value) ? CelOptional.Of(value) : CelOptional.None;
                return true;
            case "_?._" when args is [CelOptional { HasValue: false }, string]:
                result = CelOptional.None;
                return true;
            case "_?._" when args is [CelOptional { Value: CelMap inner }, string field]:
                result = inner.TryGet(field, out var innerValue) ? CelOptional.Of(innerValue) : CelOptional.None;
                return true;
            case "orValue" when member && target is CelOptional optional && args.Length == 1:
                result = optional.HasValue ? optional.Value : args[0];
                return true;
            case "hasValue" when member && target is CelOptional optional && args.Length == 0:
                result = optional.HasValue;
                return true;
            case "_==_" when args is [string a, string b]:
                result = string.Equals(a, b, StringComparison.Ordinal);
                return true;
            case "_!=_" when args is [string a, string b]:
                result = !string.Equals(a, b, StringComparison.Ordinal);
                return true;
            case "!_" when args is [bool b]:
                result = !b;
                return true;
            case "@in" when args is [string item, IReadOnlyList<object?> list]:
                var found = false;
                for (var i = 0; i < list.Count && !found; i++)
                {
                    found = list[i] is string s && string.Equals(s, item, StringComparison.Ordinal);
                }
                if (found || list.All(e => e is string))
                {
                    result = found;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    public static object? Invoke(string function, bool member, object? target, object?[] args)
    {
        var all = member ? [target, .. args] : args;
        try
        {
            return (function, all) switch
            {
                ("_+_", [var a, var b]) => Add(a, b),
                ("_-_", [long a, long b]) => checked(a - b),
                ("_-_", [ICelObject a, ICelObject b]) => CelTime.Subtract(a, b) ?? NoOverload("_-_", [a, b]),
                ("_-_", [ulong a, ulong b]) => checked(a - b),
                ("_-_", [double a, double b]) => a - b,
                ("_*_", [long a, long b]) => checked(a * b),
                ("_*_", [ulong a, ulong b]) => checked(a * b),
                ("_*_", [double a, double b]) => a * b,
                ("_/_", [long _, 0L]) or ("_/_", [ulong _, 0UL]) => new CelError("divide by zero"),
                ("_/_", [long a, long b]) => a == long.MinValue && b == -1 ? new CelError("integer overflow") : a / b,
                ("_/_", [ulong a, ulong b]) => a / b,
                ("_/_", [double a, double b]) => a / b,
                ("_%_", [long _, 0L]) or ("_%_", [ulong _, 0UL]) => new CelError("modulus by zero"),
                ("_%_", [long a, long b]) => a == long.MinValue && b == -1 ? new CelError("integer overflow") : a % b,
                ("_%_", [ulong a, ulong b]) => a % b,
                ("-_", [long a]) => checked(-a),
                ("-_", [double a]) => -a,
                ("-_", [CelDuration d]) => CelDuration.Of(-d.Nanos),
                ("!_", [bool a]) => !a,
                ("_==_", [var a, var b]) => Same(a, b),
                ("_!=_", [var a, var b]) => Same(a, b) is bool same ? !same : new CelError("no matching overload for '_!=_'"),
                ("_<_", [var a, var b]) => Order(a, b, c => c < 0),
                ("_<=_", [var a, var b]) => Order(a, b, c => c <= 0),
                ("_>_", [var a, var b]) => Order(a, b, c => c > 0),
                ("_>=_", [var a, var b]) => Order(a, b, c => c >= 0),
                ("@in", [var a, IReadOnlyList<object?> list]) => list.Any(item => Same(a, item) is true),
                ("@in", [var a, CelMap map]) => map.TryGet(a, out _),
                ("_[_]", [CelOptional o, var index]) => OptionalIndex(o, index),
                ("_[?_]", [CelOptional o, var index]) => OptionalIndex(o, index),
                ("_[?_]", [var container, var index]) => OptionalIndex(CelOptional.Of(container), index),
                ("_?._", [CelOptional o, string field]) => OptionalIndex(o, field),
                ("_?._", [CelMap map, string field]) => OptionalIndex(CelOptional.Of(map), field),
                ("optional.of", [var a]) when !member => CelOptional.Of(a),
                ("optional.none", []) when !member => CelOptional.None,
                ("optional.ofNonZeroValue", [var a]) when !member => IsZero(a) ? CelOptional.None : CelOptional.Of(a),
                ("hasValue", [CelOptional o]) when member => o.HasValue,
                ("value", [CelOptional o]) when member => o.HasValue ? o.Value : new CelError("optional.none() dereference"),
                ("orValue", [CelOptional o, var fallback]) when member => o.HasValue ? o.Value : fallback,
                ("or", [CelOptional o, CelOptional other]) when member => o.HasValue ? o : other,
                ("_[_]", [IReadOnlyList<object?> list, var index]) => Index(list, index),
                ("_[_]", [CelMap map, var key]) => map.TryGet(key, out var value) ? value : new CelError($"no such key: {Show(key)}"),
                ("size", [string s]) => (long)s.EnumerateRunes().Count(),
                ("size", [CelBytes b]) => (long)b.Value.Length,
                ("size", [IReadOnlyList<object?> l]) => (long)l.Count,
                ("size", [CelMap m]) => (long)m.Count,
                ("contains", [string s, string part]) when member => s.Contains(part, StringComparison.Ordinal),
                ("startsWith", [string s, string prefix]) when member => s.StartsWith(prefix, StringComparison.Ordinal),
                ("endsWith", [string s, string suffix]) when member => s.EndsWith(suffix, StringComparison.Ordinal),
                ("matches", [string s, string pattern]) => CelRegex.Compile(pattern) is CelRegex regex ? regex.Regex.IsMatch(s) : CelRegex.Compile(pattern),
                ("matches", [string s, CelRegex compiled]) => compiled.Regex.IsMatch(s),
                ("int", [var a]) when !member => CelCasts.ToInt(a),
                ("uint", [var a]) when !member => CelCasts.ToUint(a),
                ("double", [var a]) when !member => CelCasts.ToDouble(a),
                ("string", [var a]) when !member => CelCasts.ToText(a),
                ("bytes", [string s]) when !member => new CelBytes(Encoding.UTF8.GetBytes(s)),
                ("bytes", [CelBytes b]) when !member => b,
                ("bool", [var a]) when !member => CelCasts.ToBool(a),
                ("type", [var a]) when !member => TypeOf(a),
                ("dyn", [var a]) when !member => a,
                ("@map_insert", [CelMap map, var key, var value]) => MapWith(map, [new(key!, value)]),
                ("@map_merge", [CelMap map, CelMap entries]) => MapWith(map, entries.Entries),
                _ => CelStrings.Invoke(function, member, all) ?? CelKubernetes.Invoke(function, member, all) ?? CelNetwork.Invoke(function, member, all)
                    ?? CelMath.Invoke(function, member, all) ?? CelLists.Invoke(function, member, all) ?? CelAuthorizerLibrary.Invoke(function, member, all) ?? CelTime.Invoke(function, member, all) ?? NoOverload(function, all),
            };
        }
        catch (OverflowException)
        {
            return new CelError("integer overflow");
        }
        catch (RegexParseException ex)
        {
            return new CelError($"invalid regular expression: {ex.Message}");
        }
        catch (RegexMatchTimeoutException)
        {
            return new CelError("regular expression took too long");
        }
    }

    /// <summary>A copy of the map with the entries added; a key already there is an error, as in a map literal.</summary>
    private static object MapWith(CelMap map, IReadOnlyList<KeyValuePair<object, object?>> entries)
    {
        var copy = new CelMap();
        foreach (var (key, value) in map.Entries.Concat(entries))
        {
            if (!CelMap.IsKeyType(key))
            {
                return new CelError($"unsupported key type '{TypeOf(key).Name}'");
            }
            if (!copy.TryAdd(key, value))
            {
                return new CelError($"insert failed: key {Show(key)} already exists");
            }
        }
        return copy;
    }

    public static CelError NoOverload(string function, object?[] args) =>
        new($"no matching overload for '{function}' applied to ({string.Join(", ", args.Select(a => TypeOf(a).Name))})");

    private static object? Add(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => checked(x + y),
        (ulong x, ulong y) => checked(x + y),
        (double x, double y) => x + y,
        (string x, string y) => x + y,
        (CelBytes x, CelBytes y) => new CelBytes([.. x.Value, .. y.Value]),
        (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => (object)new List<object?>([.. x, .. y]),
        (ICelObject, ICelObject) => CelTime.Add(a, b) ?? NoOverload("_+_", [a, b]),
        _ => NoOverload("_+_", [a, b]),
    };

    /// <summary>An element of the optional's list or map, as an optional: none when absent, or when the optional is none.</summary>
    private static object? OptionalIndex(CelOptional optional, object? index)
    {
        if (!optional.HasValue)
        {
            return CelOptional.None;
        }
        object? result = optional.Value switch
        {
            CelMap map => map.TryGet(index, out var value) ? CelOptional.Of(value) : CelOptional.None,
            IReadOnlyList<object?> list => Index(list, index) is var element and not CelError ? CelOptional.Of(element)
                : index is long or ulong or double ? CelOptional.None : Index(list, index),
            _ => NoOverload("_[?_]", [optional.Value, index]),
        };
        return result;
    }

    /// <summary>The zero value of its type: null, false, 0, 0u, 0.0, "", b"", [] or {}.</summary>
    private static bool IsZero(object? value) => value switch
    {
        null => true,
        bool b => !b,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        CelBytes b => b.Value.Length == 0,
        IReadOnlyList<object?> l => l.Count == 0,
        CelMap m => m.Count == 0,
        _ => false,
    };

    private static object? Index(IReadOnlyList<object?> list, object? index)
    {
        long? position = index switch
        {
            long l => l,
            ulong u when u <= long.MaxValue => (long)u,
            double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
            _ => null,
        };
        if (position is null)
        {
            return index is double or ulong ? new CelError($"invalid list index {Show(index)}") : NoOverload("_[_]", [list, index]);
        }
        return position >= 0 && position < list.Count ? list[(int)position] : new CelError($"index out of range: {position}");
    }

    /// <summary>Equality across types as CEL defines it: numbers by value whatever their type, containers element by element.</summary>
    public static object Same(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (long or ulong or double, long or ulong or double):
                return CompareNumbers(a, b) == 0;
            case (IReadOnlyList<object?> x, IReadOnlyList<object?> y):
                if (x.Count != y.Count)
                {
                    return false;
                }
                CelError? listError = null;
                for (var i = 0; i < x.Count; i++)
                {
                    switch (Same(x[i], y[i]))
                    {
                        case false:
                            return false;
                        case CelError error:
                            listError ??= error;
                            break;
                    }
                }
                return listError ?? (object)true;
            case (CelOptional x, CelOptional y):
                return x.HasValue == y.HasValue && (!x.HasValue || Same(x.Value, y.Value) is true);
            case (CelMap x, CelMap y):
                if (x.Count != y.Count)
                {
                    return false;
                }
                foreach (var (key, value) in x.Entries)
                {
                    if (!y.TryGet(key, out var other) || Same(value, other) is not true)
                    {
                        return false;
                    }
                }
                return true;
            default:
                return a is not null && b is not null && a.GetType() == b.GetType() && a.Equals(b);
        }
    }

    public static object Order(object? a, object? b, Func<int, bool> holds)
    {
        int? comparison = (a, b) switch
        {
            (long or ulong or double, long or ulong or double) => CompareNumbers(a, b),
            (string x, string y) => Math.Sign(CompareCodePoints(x, y)),
            (CelBytes x, CelBytes y) => Math.Sign(x.Value.AsSpan().SequenceCompareTo(y.Value)),
            (bool x, bool y) => x.CompareTo(y),
            _ => CelTime.Compare(a, b) is { } c ? Math.Sign(c) : null,
        };
        return comparison switch
        {
            null => NoOverload("_<_", [a, b]),
            int.MinValue => false, // NaN orders with nothing
            var c => holds(c.Value),
        };
    }

    private static int CompareCodePoints(string x, string y)
    {
        var left = x.EnumerateRunes().GetEnumerator();
        var right = y.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }
            var c = left.Current.Value.CompareTo(right.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    /// <summary>-1, 0 or 1, exactly across int, uint and double; int.MinValue when either is NaN.</summary>
    public static int CompareNumbers(object? a, object? b)
    {
        switch (a, b)
        {
            case (long x, long y):
                return x.CompareTo(y);
            case (ulong x, ulong y):
                return x.CompareTo(y);
            case (long x, ulong y):
                return x < 0 ? -1 : ((ulong)x).CompareTo(y);
            case (ulong x, long y):
                return y < 0 ? 1 : x.CompareTo((ulong)y);
            case (double x, double y):
                return double.IsNaN(x) || double.IsNaN(y) ? int.MinValue : x.CompareTo(y);
            case (double x, _):
                return -CompareWithDouble(b!, x);
            default:
                return CompareWithDouble(a!, (double)b!);
        }
    }

    /// <summary>As the specification orders them: out of the integer's range the double decides, within it both compare as doubles.</summary>
    private static int CompareWithDouble(object integer, double d)
    {
        if (double.IsNaN(d))
        {
            return int.MinValue;
        }
        if (integer is long l)
        {
            return d < long.MinValue ? 1 : d > long.MaxValue ? -1 : ((double)l).CompareTo(d);
        }
        var u = (ulong)integer;
        return d < 0 ? 1 : d > ulong.MaxValue ? -1 : ((double)u).CompareTo(d);
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
