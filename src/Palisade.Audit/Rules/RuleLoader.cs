using Palisade.Core.Catalog;
using System.Globalization;
using System.Reflection;
using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Audit.Rules;

/// <summary>
/// Reads detection rules from our closed YAML format: unknown fields, unknown operators, bad paths, techniques that
/// are not in the ATT&amp;CK for Containers table and duplicate ids are errors naming file and line.
/// </summary>
public static class RuleLoader
{
    /// <summary>The shipped detection rules for the registry; the rule files are parsed only when it is first used.</summary>
    public static ICheckSource Source { get; } = new CheckSource("audit", () => Shipped().Select(r => r.Info));

    private static readonly HashSet<string> RuleFields = ["id", "title", "severity", "mitre", "description", "remediation", "when", "unless", "output", "threshold"];
    private static readonly HashSet<string> ConditionFields = ["field", "equals", "in", "startsWith", "contains", "matches", "exists", "missing", "atLeast", "inList", "notInList", "not", "any", "all"];

    public static IReadOnlyList<DetectionRule> Shipped()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var rules = new List<DetectionRule>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Palisade.Audit.Rules.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var (loaded, errors) = Load(reader.ReadToEnd(), name["Palisade.Audit.Rules.".Length..]);
            if (errors.Count > 0)
            {
                throw new InvalidDataException(string.Join("; ", errors.Select(e => e.ToString())));
            }
            rules.AddRange(loaded);
        }
        return Check(rules);
    }

    public static IReadOnlyList<DetectionRule> Check(IReadOnlyList<DetectionRule> rules)
    {
        var duplicate = rules.GroupBy(r => r.Info.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? rules : throw new InvalidDataException($"rule id {duplicate.Key} is defined twice ({string.Join(", ", duplicate.Select(r => r.File))})");
    }

    public static (IReadOnlyList<DetectionRule> Rules, IReadOnlyList<Diagnostic> Errors) Load(string text, string file)
    {
        var errors = new List<Diagnostic>();
        var rules = new List<DetectionRule>();
        var outcome = new YamlTreeReader(DocumentLimits.Default).Read(text);
        errors.AddRange(outcome.Errors.Select(e => new Diagnostic(file, e.Line, e.Message)));
        var tactic = Path.GetFileNameWithoutExtension(file);
        foreach (var document in outcome.Documents)
        {
            if (document.Root is not YamlMapping root || root.Seq("rules") is not { } list || root.Entries.Any(e => e.Key.Value != "rules"))
            {
                errors.Add(new Diagnostic(file, document.Root.Start.Line, "expected a mapping with only a 'rules' list"));
                continue;
            }
            foreach (var item in list.Items)
            {
                try
                {
                    rules.Add(Rule(item, file, tactic));
                }
                catch (FormatException ex)
                {
                    errors.Add(new Diagnostic(file, item.Start.Line, ex.Message));
                }
            }
        }
        return (rules, errors);
    }

    private static DetectionRule Rule(YamlNode node, string file, string tactic)
    {
        if (node is not YamlMapping rule)
        {
            throw new FormatException("a rule must be a mapping");
        }
        if (rule.Entries.FirstOrDefault(e => !RuleFields.Contains(e.Key.Value)) is { } unknown)
        {
            throw new FormatException($"unknown rule field '{unknown.Key.Value}' (allowed: {string.Join(", ", RuleFields)})");
        }
        string Required(string key) => rule.Str(key) is { Length: > 0 } value ? value : throw new FormatException($"rule field '{key}' is required");
        var id = Required("id");
        if (!CheckId.TryParse(id, out var checkId) || !id.StartsWith("audit.", StringComparison.Ordinal))
        {
            throw new FormatException($"'{id}' is not a valid rule id (audit.some-name)");
        }
        if (!SeverityNames.TryParse(Required("severity"), out var severity))
        {
            throw new FormatException($"'{rule.Str("severity")}' is not a severity");
        }
        var techniques = rule.Strings("mitre").ToList();
        if (techniques.Count == 0)
        {
            throw new FormatException("a rule needs at least one MITRE technique");
        }
        IReadOnlyList<AttackTechnique> mitre;
        try
        {
            mitre = CheckInfo.Techniques([.. techniques]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or KeyNotFoundException)
        {
            throw new FormatException($"rule {id}: {ex.Message}");
        }
        var when = rule.Seq("when") is { } whenList ? new AllCondition([.. whenList.Items.Select(ConditionOf)]) : throw new FormatException($"rule {id}: 'when' (a list of conditions) is required");
        var unless = rule.Seq("unless") is { } unlessList ? new AnyCondition([.. unlessList.Items.Select(ConditionOf)]) : null;
        Threshold? threshold = null;
        if (rule.Map("threshold") is { } t)
        {
            if (t.Entries.FirstOrDefault(e => e.Key.Value is not ("count" or "seconds" or "by" or "distinct")) is { } extra)
            {
                throw new FormatException($"rule {id}: unknown threshold field '{extra.Key.Value}' (allowed: count, seconds, by, distinct)");
            }
            threshold = new Threshold((int)(t.Int("count") ?? throw new FormatException($"rule {id}: threshold.count is required")),
                TimeSpan.FromSeconds(t.Int("seconds") ?? 60), FieldPath.Parse(t.Str("by") ?? "user.username"))
            {
                Distinct = t.Str("distinct") is { } distinct ? FieldPath.Parse(distinct) : null,
            };
        }
        var title = Required("title");
        var info = new CheckInfo
        {
            Id = checkId,
            Title = title,
            Severity = severity,
            Description = rule.Str("description") ?? title,
            Remediation = rule.Str("remediation") ?? "Investigate who did it and why; revoke the credential if it was not expected.",
            Mitre = mitre,
        };
        return new DetectionRule(info, tactic, when, unless, Required("output"), file) { Threshold = threshold };
    }

    private static Condition ConditionOf(YamlNode node)
    {
        if (node is not YamlMapping condition)
        {
            throw new FormatException($"line {node.Start.Line}: a condition must be a mapping");
        }
        if (condition.Entries.FirstOrDefault(e => !ConditionFields.Contains(e.Key.Value)) is { } unknown)
        {
            throw new FormatException($"line {unknown.Key.Start.Line}: unknown condition key '{unknown.Key.Value}'");
        }
        if (condition.Seq("any") is { } any)
        {
            return new AnyCondition([.. any.Items.Select(ConditionOf)]);
        }
        if (condition.Seq("all") is { } all)
        {
            return new AllCondition([.. all.Items.Select(ConditionOf)]);
        }
        var negate = condition.Bool("not") == true;
        var path = FieldPath.Parse(condition.Str("field") ?? throw new FormatException($"line {condition.Start.Line}: a condition needs 'field' (or any/all)"));
        var operators = new (string Key, Operator Op)[]
        {
            ("equals", Operator.Equals), ("in", Operator.In), ("startsWith", Operator.StartsWith), ("contains", Operator.Contains), ("matches", Operator.Matches),
            ("exists", Operator.Exists), ("missing", Operator.Missing), ("atLeast", Operator.AtLeast), ("inList", Operator.InList), ("notInList", Operator.NotInList),
        }.Where(o => condition.Entry(o.Key) is not null).ToList();
        if (operators.Count != 1)
        {
            throw new FormatException($"line {condition.Start.Line}: a condition needs exactly one operator (equals, in, startsWith, contains, matches, exists, missing, atLeast, inList)");
        }
        var (key, op) = operators[0];
        var value = condition[key];
        IReadOnlyList<string> values = value switch
        {
            YamlSequence sequence => [.. sequence.Items.OfType<YamlScalar>().Select(s => s.Value)],
            YamlScalar scalar => [scalar.Value],
            _ => [],
        };
        if (op is Operator.Matches)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(values[0], System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(50));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"line {condition.Start.Line}: bad regular expression ({ex.Message})");
            }
        }
        if (op is Operator.AtLeast && !double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"line {condition.Start.Line}: atLeast needs a number");
        }
        return new FieldCondition(path, op, values, negate);
    }
}
