using System.Reflection;
using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Nodes.Benchmarks;

/// <summary>
/// Loads the embedded benchmark files (Benchmarks/Data/&lt;version&gt;/*.yaml) against a closed schema: an unknown
/// field, operator, audit kind or MITRE id is a load error naming the file and line, never a silent default.
/// </summary>
public static class BenchmarkLoader
{
    public static IReadOnlyList<string> Versions { get; } = ["cis-1.10", "cis-1.11", "cis-1.12"];

    private static readonly HashSet<string> SectionFields = ["benchmark", "section", "title", "target", "groups"];
    private static readonly HashSet<string> GroupFields = ["id", "title", "severity", "mitre", "controls"];
    private static readonly HashSet<string> ControlFields =
        ["id", "check", "title", "automated", "level", "severity", "component", "mitre", "audit", "match", "remediation"];
    private static readonly HashSet<string> ConditionFields = ["setting", "file", "expect"];
    private static readonly HashSet<string> SettingFields = ["component", "flag", "config", "feature-gate", "default", "config-default"];
    private static readonly HashSet<string> FileFields = ["path", "path-from", "property", "pattern", "recursive", "optional"];
    private static readonly HashSet<string> ExpectFields = ["op", "value"];
    private static readonly HashSet<string> Targets = ["master", "etcd", "controlplane", "node", "policies"];
    private static readonly HashSet<string> Components = ["apiserver", "controller-manager", "scheduler", "etcd", "kubelet", "proxy", "cluster"];

    public static Benchmark Load(string version)
    {
        if (!Versions.Contains(version))
        {
            throw new ArgumentException($"unknown benchmark '{version}' (known: {string.Join(", ", Versions)})", nameof(version));
        }
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"benchmarks/{version}/";
        var sections = new List<BenchmarkSection>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sections.Add(Parse(reader.ReadToEnd(), name, version));
        }
        if (sections.Count == 0)
        {
            throw new InvalidDataException($"benchmark {version} has no data files");
        }
        var duplicate = sections.SelectMany(s => s.Groups).SelectMany(g => g.Controls).GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"benchmark {version}: control {duplicate.Key} is defined twice");
        }
        return new Benchmark(version, [.. sections.OrderBy(s => s.Id, StringComparer.Ordinal)]);
    }

    internal static BenchmarkSection Parse(string text, string file, string version)
    {
        var outcome = new YamlTreeReader(DocumentLimits.Default).Read(text);
        if (outcome.Errors.Count > 0)
        {
            throw new InvalidDataException($"{file}:{outcome.Errors[0].Line}: {outcome.Errors[0].Message}");
        }
        var root = outcome.Documents.Count == 1 ? outcome.Documents[0].Root as YamlMapping : null;
        var context = new Context(file);
        var section = Closed(root ?? throw context.Error(1, "expected one mapping"), SectionFields, context);
        if (Required(section, "benchmark", context) != version)
        {
            throw context.Error(section.Start.Line, $"file belongs to {section.Str("benchmark")}, not {version}");
        }
        var target = Required(section, "target", context);
        if (!Targets.Contains(target))
        {
            throw context.Error(section["target"]!.Start.Line, $"unknown target '{target}'");
        }
        var groups = section.Seq("groups")?.Items.Select(g => ParseGroup(g, context)).ToList() ?? throw context.Error(section.Start.Line, "'groups' is missing");
        return new BenchmarkSection(Required(section, "section", context), Required(section, "title", context), target, groups);
    }

    private static ControlGroup ParseGroup(YamlNode node, Context context)
    {
        var group = Closed(node, GroupFields, context);
        var id = Required(group, "id", context);
        var title = Required(group, "title", context);
        var defaults = (Severity: group.Str("severity"), Mitre: group.Seq("mitre"));
        var controls = group.Seq("controls")?.Items.Select(c => ParseControl(c, $"{id} {title}", defaults, context)).ToList()
            ?? throw context.Error(group.Start.Line, "'controls' is missing");
        return new ControlGroup(id, title, controls);
    }

    private static Control ParseControl(YamlNode node, string group, (string? Severity, YamlSequence? Mitre) defaults, Context context)
    {
        var control = Closed(node, ControlFields, context);
        var id = Required(control, "id", context);
        var line = control.Start.Line;
        var severityText = control.Str("severity") ?? defaults.Severity ?? throw context.Error(line, $"control {id}: 'severity' is missing");
        if (!SeverityNames.TryParse(severityText, out var severity))
        {
            throw context.Error(line, $"control {id}: unknown severity '{severityText}'");
        }
        var mitre = (control.Seq("mitre") ?? defaults.Mitre ?? throw context.Error(line, $"control {id}: 'mitre' is missing"))
            .Items.OfType<YamlScalar>().Select(s => Technique(s, context)).ToList();
        if (!CheckId.TryParse(control.Str("check"), out var checkId))
        {
            throw context.Error(line, $"control {id}: 'check' must be a dotted lowercase id");
        }
        var automated = control.Bool("automated") ?? throw context.Error(line, $"control {id}: 'automated' must be true or false");
        var component = Required(control, "component", context);
        if (!Components.Contains(component))
        {
            throw context.Error(line, $"control {id}: unknown component '{component}'");
        }
        var audit = control.Seq("audit")?.Items.Select(a => ParseCondition(a, context)).ToList() ?? [];
        if (automated && audit.Count == 0)
        {
            throw context.Error(line, $"control {id} is automated but has no audit");
        }
        var title = Required(control, "title", context);
        var check = new CheckInfo
        {
            Id = checkId,
            Title = title,
            Severity = severity,
            Description = $"CIS Kubernetes Benchmark {id} ({(automated ? "Automated" : "Manual")}, level {control.Int("level") ?? 1}): {title}.",
            Remediation = Required(control, "remediation", context).Trim(),
            Mitre = mitre,
            Frameworks = [FrameworkRef.Cis(id)],
        };
        var match = control.Str("match") ?? "all";
        if (match is not ("all" or "any"))
        {
            throw context.Error(line, $"control {id}: 'match' must be all or any");
        }
        return new Control(id, check, automated, (int)(control.Int("level") ?? 1), component, audit, match == "any", group);
    }

    private static AuditCondition ParseCondition(YamlNode node, Context context)
    {
        var condition = Closed(node, ConditionFields, context);
        AuditSource source = (condition.Map("setting"), condition.Map("file")) switch
        {
            ({ } setting, null) => ParseSetting(setting, context),
            (null, { } file) => ParseFile(file, context),
            _ => throw context.Error(condition.Start.Line, "an audit condition needs exactly one of 'setting' or 'file'"),
        };
        var expect = Closed(condition.Map("expect") ?? throw context.Error(condition.Start.Line, "'expect' is missing"), ExpectFields, context);
        var op = Required(expect, "op", context) switch
        {
            "equals" => ExpectOperator.Equals,
            "not-equals" => ExpectOperator.NotEquals,
            "present" => ExpectOperator.Present,
            "absent" => ExpectOperator.Absent,
            "contains" => ExpectOperator.Contains,
            "not-contains" => ExpectOperator.NotContains,
            "greater-or-equal" => ExpectOperator.GreaterOrEqual,
            "permissions-at-most" => ExpectOperator.PermissionsAtMost,
            "owner" => ExpectOperator.Owner,
            var other => throw context.Error(expect.Start.Line, $"unknown operator '{other}'"),
        };
        var values = expect["value"] switch
        {
            YamlScalar s => [s.Value],
            YamlSequence s => s.Items.OfType<YamlScalar>().Select(v => v.Value).ToList(),
            null when op is ExpectOperator.Present or ExpectOperator.Absent => [],
            _ => throw context.Error(expect.Start.Line, $"operator '{expect.Str("op")}' needs a value"),
        };
        return new AuditCondition(source, new Expectation(op, values));
    }

    private static SettingSource ParseSetting(YamlMapping node, Context context)
    {
        var setting = Closed(node, SettingFields, context);
        var component = Required(setting, "component", context);
        if (!Components.Contains(component))
        {
            throw context.Error(setting.Start.Line, $"unknown component '{component}'");
        }
        if (setting.Str("flag") is null && setting.Str("config") is null && setting.Str("feature-gate") is null)
        {
            throw context.Error(setting.Start.Line, "a setting needs 'flag', 'config' or 'feature-gate'");
        }
        return new SettingSource(component, setting.Str("flag"), setting.Str("config"), setting.Str("feature-gate"), setting.Str("default"), setting.Str("config-default"));
    }

    private static FileSource ParseFile(YamlMapping node, Context context)
    {
        var file = Closed(node, FileFields, context);
        var property = Required(file, "property", context) switch
        {
            "mode" => FileProperty.Mode,
            "owner" => FileProperty.Owner,
            var other => throw context.Error(file.Start.Line, $"unknown file property '{other}'"),
        };
        var pathFrom = file.Map("path-from") is { } from ? ParseSetting(from, context) : null;
        if (file.Str("path") is null && pathFrom is null)
        {
            throw context.Error(file.Start.Line, "a file audit needs 'path' or 'path-from'");
        }
        return new FileSource(file.Str("path"), pathFrom, property, file.Str("pattern"), file.Bool("recursive") ?? false, file.Bool("optional") ?? false);
    }

    private static AttackTechnique Technique(YamlScalar id, Context context)
    {
        try
        {
            return AttackTechnique.Parse(id.Value);
        }
        catch (FormatException ex)
        {
            throw context.Error(id.Start.Line, ex.Message);
        }
    }

    private static YamlMapping Closed(YamlNode node, HashSet<string> fields, Context context)
    {
        if (node is not YamlMapping mapping)
        {
            throw context.Error(node.Start.Line, "expected a mapping");
        }
        if (mapping.Entries.FirstOrDefault(e => !fields.Contains(e.Key.Value)) is { } unknown)
        {
            throw context.Error(unknown.Key.Start.Line, $"unknown field '{unknown.Key.Value}' (allowed: {string.Join(", ", fields)})");
        }
        return mapping;
    }

    private static string Required(YamlMapping mapping, string field, Context context) =>
        mapping.Str(field) is { Length: > 0 } value ? value : throw context.Error(mapping.Start.Line, $"'{field}' is missing");

    private sealed record Context(string File)
    {
        public InvalidDataException Error(int line, string message) => new($"{File}:{line}: {message}");
    }
}
