using System.Globalization;
using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Core.Suppressions;

/// <summary>
/// Reads <c>.palisadeignore.yaml</c>: a closed schema (unknown fields are errors, a reason is required) so a typo
/// never silently suppresses or fails to suppress.
/// </summary>
public static class IgnoreFileLoader
{
    private static readonly HashSet<string> Fields = ["check", "reason", "expires", "kind", "namespace", "name", "container", "file"];

    public static (IReadOnlyList<IgnoreRule> Rules, IReadOnlyList<Diagnostic> Diagnostics) Load(string path, string text)
    {
        var rules = new List<IgnoreRule>();
        var diagnostics = new List<Diagnostic>();
        var outcome = new StructuredText(DocumentLimits.Default).Parse(text, path);
        diagnostics.AddRange(outcome.Errors.Select(e => new Diagnostic(path, e.Line, e.Message)));
        foreach (var document in outcome.Documents)
        {
            if (document.Root is not YamlMapping root || root.Seq("ignores") is not { } list)
            {
                if (!(document.Root is YamlScalar s && s.IsNull))
                {
                    diagnostics.Add(new Diagnostic(path, document.Root.Start.Line, "expected a mapping with an 'ignores' list"));
                }
                continue;
            }
            foreach (var item in list.Items)
            {
                if (Parse(item, path, diagnostics) is { } rule)
                {
                    rules.Add(rule);
                }
            }
        }
        return (rules, diagnostics);
    }

    private static IgnoreRule? Parse(YamlNode item, string path, List<Diagnostic> diagnostics)
    {
        var line = item.Start.Line;
        if (item is not YamlMapping entry)
        {
            diagnostics.Add(new Diagnostic(path, line, "an ignore entry must be a mapping"));
            return null;
        }
        var unknown = entry.Entries.FirstOrDefault(e => !Fields.Contains(e.Key.Value));
        if (unknown is not null)
        {
            diagnostics.Add(new Diagnostic(path, unknown.Key.Start.Line, $"unknown field '{unknown.Key.Value}' (allowed: {string.Join(", ", Fields)})"));
            return null;
        }
        var check = entry.Str("check");
        var reason = entry.Str("reason");
        if (string.IsNullOrWhiteSpace(check) || string.IsNullOrWhiteSpace(reason))
        {
            diagnostics.Add(new Diagnostic(path, line, "an ignore entry needs both 'check' and a non-empty 'reason'"));
            return null;
        }
        DateOnly? expires = null;
        if (entry.Str("expires") is { } date)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                diagnostics.Add(new Diagnostic(path, entry["expires"]!.Start.Line, $"'expires' must be a date as YYYY-MM-DD, not '{date}'"));
                return null;
            }
            expires = parsed;
        }
        return new IgnoreRule(check.Trim(), reason.Trim(), expires, entry.Str("kind"), entry.Str("namespace"), entry.Str("name"),
            entry.Str("container"), entry.Str("file"), $"{path}:{line}");
    }
}
