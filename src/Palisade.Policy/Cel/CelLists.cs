namespace Palisade.Policy.Cel;

/// <summary>CEL's lists extension: lists.range, slice, flatten, distinct, reverse, sort, first and last.</summary>
internal static class CelLists
{
    private const int MaxFlattenDepth = 64;

    public static object? Invoke(string function, bool member, object?[] all) => (function, member, all) switch
    {
        ("lists.range", false, [long n]) => n is < 0 or > 1_000_000 ? new CelError($"lists.range({n}): out of range") : Enumerable.Range(0, (int)n).Select(i => (object?)(long)i).ToList(),
        ("slice", true, [IReadOnlyList<object?> list, long start, long end]) =>
            start < 0 || end < start || end > list.Count ? new CelError($"slice({start}, {end}): out of range for a list of {list.Count}") : list.Skip((int)start).Take((int)(end - start)).ToList(),
        ("flatten", true, [IReadOnlyList<object?> list]) => Flatten(list, 1),
        ("flatten", true, [IReadOnlyList<object?> list, long depth]) => depth < 0 ? new CelError("flatten(): negative depth") : Flatten(list, (int)Math.Min(depth, MaxFlattenDepth)),
        ("distinct", true, [IReadOnlyList<object?> list]) => Distinct(list),
        ("reverse", true, [IReadOnlyList<object?> list]) => list.Reverse().ToList(),
        ("sort", true, [IReadOnlyList<object?> list]) => Sort(list),
        ("first", true, [IReadOnlyList<object?> list]) => list.Count > 0 ? CelOptional.Of(list[0]) : CelOptional.None,
        ("last", true, [IReadOnlyList<object?> list]) => list.Count > 0 ? CelOptional.Of(list[^1]) : CelOptional.None,
        _ => null,
    };

    private static List<object?> Flatten(IReadOnlyList<object?> list, int depth)
    {
        var flat = new List<object?>();
        foreach (var item in list)
        {
            if (depth > 0 && item is IReadOnlyList<object?> inner)
            {
                flat.AddRange(Flatten(inner, depth - 1));
            }
            else
            {
                flat.Add(item);
            }
        }
        return flat;
    }

    private static List<object?> Distinct(IReadOnlyList<object?> list)
    {
        var kept = new List<object?>();
        foreach (var item in list)
        {
            if (!kept.Any(k => CelLibrary.Same(k, item) is true))
            {
                kept.Add(item);
            }
        }
        return kept;
    }

    private static object Sort(IReadOnlyList<object?> list)
    {
        if (list.Count > 1 && list.Any(item => CelLibrary.TypeOf(item) != CelLibrary.TypeOf(list[0]) && !(item is long or ulong or double && list[0] is long or ulong or double)))
        {
            return new CelError("sort(): the list mixes types that do not order");
        }
        var sorted = list.ToList();
        CelError? error = null;
        sorted.Sort((a, b) =>
        {
            if (CelLibrary.Order(a, b, c => c < 0) is CelError e)
            {
                error ??= e;
                return 0;
            }
            return CelLibrary.Order(a, b, c => c < 0) is true ? -1 : CelLibrary.Order(b, a, c => c < 0) is true ? 1 : 0;
        });
        return error ?? (object)sorted;
    }
}
