namespace Palisade.Policy.Cel;

/// <summary>
/// The Kubernetes API server's own CEL libraries (k8s.io/apiserver/pkg/cel/library): lists (isSorted, sum, min, max,
/// indexOf, lastIndexOf), regex (find, findAll), quantity, URL and semver. Authorizer checks need an RBAC model and
/// live in <see cref="CelAuthorizer"/>.
/// </summary>
internal static class CelKubernetes
{
    public static object? Invoke(string function, bool member, object?[] all) => (function, member, all) switch
    {
        ("isSorted", true, [IReadOnlyList<object?> list]) => IsSorted(list),
        ("sum", true, [IReadOnlyList<object?> list]) => Sum(list),
        ("min", true, [IReadOnlyList<object?> list]) => Extreme(list, "min", c => c < 0),
        ("max", true, [IReadOnlyList<object?> list]) => Extreme(list, "max", c => c > 0),
        ("indexOf", true, [IReadOnlyList<object?> list, var item]) => (long)IndexOf(list, item, fromEnd: false),
        ("lastIndexOf", true, [IReadOnlyList<object?> list, var item]) => (long)IndexOf(list, item, fromEnd: true),
        ("find", true, [string s, var pattern]) => CelRegex.Resolve(pattern) switch
        {
            CelRegex regex => regex.Regex.Match(s) is { Success: true } m ? m.Value : "",
            var other => other,
        },
        ("findAll", true, [string s, var pattern]) => FindAll(s, pattern, -1),
        ("findAll", true, [string s, var pattern, long n]) => FindAll(s, pattern, n),
        ("quantity", false, [string s]) => CelQuantity.Parse(s) is { } q ? q : new CelError($"quantity('{s}'): not a valid quantity"),
        ("isQuantity", false, [string s]) => CelQuantity.Parse(s) is not null,
        ("isInteger", true, [CelQuantity q]) => q.IsInteger,
        ("asInteger", true, [CelQuantity q]) => q.IsInteger ? (long)q.Value : new CelError($"quantity '{q.Text}' is not an integer that fits int64"),
        ("asApproximateFloat", true, [CelQuantity q]) => (double)q.Value,
        ("sign", true, [CelQuantity q]) => (long)Math.Sign(q.Value),
        ("add", true, [CelQuantity q, CelQuantity other]) => q.Plus(other.Value),
        ("add", true, [CelQuantity q, long other]) => q.Plus(other),
        ("sub", true, [CelQuantity q, CelQuantity other]) => q.Plus(-other.Value),
        ("sub", true, [CelQuantity q, long other]) => q.Plus(-(decimal)other),
        ("isLessThan", true, [CelQuantity q, CelQuantity other]) => q.Value < other.Value,
        ("isGreaterThan", true, [CelQuantity q, CelQuantity other]) => q.Value > other.Value,
        ("compareTo", true, [CelQuantity q, CelQuantity other]) => (long)q.Value.CompareTo(other.Value),
        ("url", false, [string s]) => CelUrl.Parse(s) is { } url ? url : new CelError($"url('{s}'): not an absolute URI or absolute path"),
        ("isURL", false, [string s]) => CelUrl.Parse(s) is not null,
        ("getScheme", true, [CelUrl u]) => u.Scheme,
        ("getHost", true, [CelUrl u]) => u.Host,
        ("getHostname", true, [CelUrl u]) => u.Hostname,
        ("getPort", true, [CelUrl u]) => u.Port,
        ("getEscapedPath", true, [CelUrl u]) => u.EscapedPath,
        ("getQuery", true, [CelUrl u]) => u.Query(),
        ("semver", false, [string s]) => CelSemver.Parse(s, normalize: false) is { } v ? v : new CelError($"semver('{s}'): not a semantic version"),
        ("semver", false, [string s, bool normalize]) => CelSemver.Parse(s, normalize) is { } v ? v : new CelError($"semver('{s}'): not a semantic version"),
        ("isSemver", false, [string s]) => CelSemver.Parse(s, normalize: false) is not null,
        ("isSemver", false, [string s, bool normalize]) => CelSemver.Parse(s, normalize) is not null,
        ("major", true, [CelSemver v]) => v.Major,
        ("minor", true, [CelSemver v]) => v.Minor,
        ("patch", true, [CelSemver v]) => v.Patch,
        ("isLessThan", true, [CelSemver v, CelSemver other]) => v.CompareTo(other) < 0,
        ("isGreaterThan", true, [CelSemver v, CelSemver other]) => v.CompareTo(other) > 0,
        ("compareTo", true, [CelSemver v, CelSemver other]) => (long)v.CompareTo(other),
        _ => null,
    };

    private static object IsSorted(IReadOnlyList<object?> list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            switch (CelLibrary.Order(list[i - 1], list[i], c => c <= 0))
            {
                case false:
                    return false;
                case CelError error:
                    return error;
            }
        }
        return true;
    }

    private static object? Sum(IReadOnlyList<object?> list)
    {
        object? total = list.Count == 0 ? 0L : list[0] switch
        {
            double => 0.0,
            ulong => 0UL,
            CelDuration => new CelDuration(0),
            _ => (object)0L,
        };
        foreach (var item in list)
        {
            total = CelLibrary.Invoke("_+_", false, null, [total, item]);
            if (total is CelError)
            {
                return total;
            }
        }
        return total;
    }

    private static object? Extreme(IReadOnlyList<object?> list, string name, Func<int, bool> better)
    {
        if (list.Count == 0)
        {
            return new CelError($"{name}() of an empty list");
        }
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            switch (CelLibrary.Order(list[i], best, better))
            {
                case true:
                    best = list[i];
                    break;
                case CelError error:
                    return error;
            }
        }
        return best;
    }

    private static int IndexOf(IReadOnlyList<object?> list, object? item, bool fromEnd)
    {
        for (var n = 0; n < list.Count; n++)
        {
            var i = fromEnd ? list.Count - 1 - n : n;
            if (CelLibrary.Same(list[i], item) is true)
            {
                return i;
            }
        }
        return -1;
    }

    private static object FindAll(string s, object? pattern, long n)
    {
        if (CelRegex.Resolve(pattern) is not CelRegex regex)
        {
            return CelRegex.Resolve(pattern) ?? CelLibrary.NoOverload("findAll", [s, pattern]);
        }
        var found = new List<object?>();
        for (var m = regex.Regex.Match(s); m.Success && (n < 0 || found.Count < n); m = m.NextMatch())
        {
            found.Add(m.Value);
        }
        return found;
    }
}
