namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// An advisory's affected range in the common text form: comparators joined by ',' (all must hold) and alternatives
/// joined by '||', e.g. "&gt;= 1.0, &lt; 1.4.2 || = 2.0.0", compared with one ecosystem's scheme.
/// </summary>
public sealed class VersionConstraint
{
    private static readonly string[] Operators = ["<=", ">=", "!=", "==", "<", ">", "="];
    private readonly IReadOnlyList<IReadOnlyList<(string Op, string Version)>> _alternatives;
    private readonly IVersionScheme _scheme;

    private VersionConstraint(IReadOnlyList<IReadOnlyList<(string, string)>> alternatives, IVersionScheme scheme)
    {
        _alternatives = alternatives;
        _scheme = scheme;
    }

    public static VersionConstraint Parse(string constraint, IVersionScheme scheme)
    {
        var alternatives = constraint.Split("||")
            .Select(alternative => (IReadOnlyList<(string, string)>)[.. alternative.Split(',')
                .Select(c => c.Trim())
                .Where(c => c.Length > 0)
                .Select(Comparator)])
            .ToList();
        foreach (var (_, version) in alternatives.SelectMany(a => a))
        {
            if (!scheme.IsValid(version))
            {
                throw new FormatException($"'{version}' is not a valid {scheme.Name} version");
            }
        }
        return new VersionConstraint(alternatives, scheme);
    }

    /// <summary>An empty constraint matches every version.</summary>
    public bool IsSatisfiedBy(string version) =>
        _alternatives.Any(all => all.All(c => Holds(c.Op, _scheme.Compare(version, c.Version))));

    private static (string, string) Comparator(string text)
    {
        var op = Operators.FirstOrDefault(o => text.StartsWith(o, StringComparison.Ordinal)) ?? "=";
        return (op, text[(text.StartsWith(op, StringComparison.Ordinal) ? op.Length : 0)..].Trim());
    }

    private static bool Holds(string op, int comparison) => op switch
    {
        "<" => comparison < 0,
        "<=" => comparison <= 0,
        ">" => comparison > 0,
        ">=" => comparison >= 0,
        "!=" => comparison != 0,
        _ => comparison == 0,
    };
}
