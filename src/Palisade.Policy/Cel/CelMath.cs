namespace Palisade.Policy.Cel;

/// <summary>CEL's math extension (math.greatest, least, ceil, floor, round, trunc, abs, sign, isNaN, isInf, isFinite, sqrt and the bit operations).</summary>
internal static class CelMath
{
    public static object? Invoke(string function, bool member, object?[] all)
    {
        if (member || !function.StartsWith("math.", StringComparison.Ordinal))
        {
            return null;
        }
        return (function[5..], all) switch
        {
            ("greatest", _) => Extreme(all, c => c > 0, "greatest"),
            ("least", _) => Extreme(all, c => c < 0, "least"),
            ("ceil", [double d]) => Math.Ceiling(d),
            ("floor", [double d]) => Math.Floor(d),
            ("round", [double d]) => Math.Round(d, MidpointRounding.AwayFromZero),
            ("trunc", [double d]) => Math.Truncate(d),
            ("abs", [long l]) => l == long.MinValue ? new CelError("integer overflow") : Math.Abs(l),
            ("abs", [ulong u]) => u,
            ("abs", [double d]) => Math.Abs(d),
            ("sign", [long l]) => (long)Math.Sign(l),
            ("sign", [ulong u]) => u == 0 ? 0UL : 1UL,
            ("sign", [double d]) => double.IsNaN(d) ? d : (double)Math.Sign(d),
            ("isNaN", [double d]) => double.IsNaN(d),
            ("isInf", [double d]) => double.IsInfinity(d),
            ("isFinite", [double d]) => double.IsFinite(d),
            ("sqrt", [long l]) => Math.Sqrt(l),
            ("sqrt", [ulong u]) => Math.Sqrt(u),
            ("sqrt", [double d]) => Math.Sqrt(d),
            ("bitAnd", [long a, long b]) => a & b,
            ("bitAnd", [ulong a, ulong b]) => a & b,
            ("bitOr", [long a, long b]) => a | b,
            ("bitOr", [ulong a, ulong b]) => a | b,
            ("bitXor", [long a, long b]) => a ^ b,
            ("bitXor", [ulong a, ulong b]) => a ^ b,
            ("bitNot", [long a]) => ~a,
            ("bitNot", [ulong a]) => ~a,
            ("bitShiftLeft", [long a, long n]) => n < 0 ? new CelError("math.bitShiftLeft() negative offset") : n > 63 ? 0L : a << (int)n,
            ("bitShiftLeft", [ulong a, long n]) => n < 0 ? new CelError("math.bitShiftLeft() negative offset") : n > 63 ? 0UL : a << (int)n,
            ("bitShiftRight", [long a, long n]) => n < 0 ? new CelError("math.bitShiftRight() negative offset") : n > 63 ? 0L : (long)((ulong)a >> (int)n),
            ("bitShiftRight", [ulong a, long n]) => n < 0 ? new CelError("math.bitShiftRight() negative offset") : n > 63 ? 0UL : a >> (int)n,
            _ => null,
        };
    }

    /// <summary>The greatest or least of the arguments, or of a single list argument, across int, uint and double; the winner keeps its type.</summary>
    private static object? Extreme(object?[] args, Func<int, bool> better, string name)
    {
        IReadOnlyList<object?> values = args is [IReadOnlyList<object?> list] ? list : args;
        if (values.Count == 0)
        {
            return new CelError($"math.{name}() needs at least one number");
        }
        var best = values[0];
        foreach (var value in values)
        {
            if (value is not (long or ulong or double))
            {
                return CelLibrary.NoOverload($"math.{name}", [value]);
            }
            var c = CelLibrary.CompareNumbers(value, best);
            if (c != int.MinValue && better(c))
            {
                best = value;
            }
        }
        return best;
    }
}
