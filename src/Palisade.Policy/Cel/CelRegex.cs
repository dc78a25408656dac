using System.Text.RegularExpressions;

namespace Palisade.Policy.Cel;

/// <summary>
/// A compiled RE2-style pattern. CEL's regular expressions are RE2: linear time, no backreferences or lookaround, so
/// .NET's non-backtracking engine matches both its syntax limits and its cost. Literal patterns are compiled once per
/// program (<see cref="CelProgram"/>), not per evaluation.
/// </summary>
public sealed record CelRegex(Regex Regex)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>The regex, or a <see cref="CelError"/> naming what is wrong with the pattern.</summary>
    public static object Compile(string pattern)
    {
        try
        {
            // RE2 names groups (?P<name>…); .NET spells it (?<name>…).
            var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
            return new CelRegex(new Regex(dotnet, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Timeout));
        }
        catch (ArgumentException ex)
        {
            return new CelError($"invalid regular expression '{pattern}': {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            return new CelError($"regular expression '{pattern}' uses a construct RE2 does not have: {ex.Message}");
        }
    }

    public static object? Resolve(object? pattern) => pattern switch
    {
        CelRegex regex => regex,
        string text => Compile(text),
        _ => null,
    };
}
