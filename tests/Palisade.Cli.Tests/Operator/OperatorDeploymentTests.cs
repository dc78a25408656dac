using System.Text;
using System.Text.RegularExpressions;
using Palisade.Core.Yaml;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>
/// The operator's manifests and Helm chart pass Palisade's own scan without high or critical findings, and the chart
/// at its default values is the plain manifests (so scanning one scans the other). No helm binary runs here: the test
/// renders the chart's small template subset itself and refuses any construct it does not know.
/// </summary>
public sealed partial class OperatorDeploymentTests
{
    private static readonly string Chart = Repo("deploy", "helm", "palisade");

    [Fact]
    public async Task The_plain_manifests_have_no_high_or_critical_finding()
    {
        var run = await InProcessAsync(RepositoryPaths.Root, "scan", "manifests", "deploy/operator", "--fail-on", "high", "-f", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"check\": \"rbac.workload-create\"", run.Out, StringComparison.Ordinal); // suppressed, with its reason, not hidden
    }

    [Fact]
    public void The_chart_at_default_values_is_the_plain_manifests()
    {
        var rendered = Objects(string.Join("\n---\n", Directory.GetFiles(Path.Combine(Chart, "templates"), "*.yaml").Order(StringComparer.Ordinal).Select(f => Render(File.ReadAllText(f), Values()))));
        var plain = Objects(File.ReadAllText(Repo("deploy", "operator", "rbac.yaml")) + "\n---\n" + File.ReadAllText(Repo("deploy", "operator", "operator.yaml")));
        Assert.Equal(plain.Keys.Order(StringComparer.Ordinal), rendered.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tree) in plain)
        {
            Assert.True(tree == rendered[key], $"{key} differs:\nplain:    {tree}\nrendered: {rendered[key]}");
        }
        Assert.Equal(File.ReadAllText(Repo("deploy", "operator", "policyreport-crds.yaml")), File.ReadAllText(Path.Combine(Chart, "crds", "policyreport-crds.yaml")));
    }

    [Fact]
    public async Task Private_registry_support_adds_secret_access_and_palisade_says_so()
    {
        var values = Values();
        values["imageScans.pullSecrets"] = "true";
        var dir = TempDirectory();
        foreach (var file in Directory.GetFiles(Path.Combine(Chart, "templates"), "*.yaml"))
        {
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(file)), Render(File.ReadAllText(file), values));
        }
        var run = await InProcessAsync(dir, "scan", "manifests", ".", "-f", "json");
        Assert.Contains("\"check\": \"rbac.read-secrets\"", run.Out, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Values()
    {
        var root = (YamlMapping)new YamlTreeReader(DocumentLimits.Default).Read(File.ReadAllText(Path.Combine(Chart, "values.yaml"))).Documents[0].Root;
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Release.Namespace"] = "palisade" };
        void Walk(YamlMapping map, string prefix)
        {
            foreach (var entry in map.Entries)
            {
                if (entry.Value is YamlMapping child)
                {
                    Walk(child, prefix + entry.Key.Value + ".");
                }
                else if (entry.Value is YamlScalar scalar)
                {
                    values[prefix + entry.Key.Value] = scalar.Value;
                }
            }
        }
        Walk(root, "");
        return values;
    }

    /// <summary>{{ .Values.a.b }}, {{ .Release.Namespace }}, and whole-line {{- if [not] .Values.x }} … {{- end }}; nothing else.</summary>
    private static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var output = new StringBuilder();
        var active = new Stack<bool>();
        foreach (var line in template.Split('\n'))
        {
            if (IfLine().Match(line) is { Success: true } condition)
            {
                var value = values.GetValueOrDefault(condition.Groups["path"].Value) ?? throw new InvalidOperationException($"no value {condition.Groups["path"].Value}");
                var truthy = value is not ("" or "false");
                active.Push(condition.Groups["not"].Success ? !truthy : truthy);
                continue;
            }
            if (EndLine().IsMatch(line))
            {
                active.Pop();
                continue;
            }
            if (active.All(a => a))
            {
                var substituted = Expression().Replace(line, m => values.GetValueOrDefault(m.Groups["path"].Value.Replace("Values.", "", StringComparison.Ordinal)) ?? throw new InvalidOperationException($"no value {m.Value}"));
                Assert.DoesNotContain("{{", substituted, StringComparison.Ordinal);
                output.Append(substituted).Append('\n');
            }
        }
        Assert.Empty(active);
        return output.ToString();
    }

    private static Dictionary<string, string> Objects(string yaml)
    {
        var objects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in new YamlTreeReader(DocumentLimits.Default).Read(yaml).Documents)
        {
            if (document.Root is YamlMapping map)
            {
                objects[$"{map.Str("kind")}/{map.Map("metadata")?.Str("namespace")}/{map.Map("metadata")?.Str("name")}"] = Canonical(map);
            }
        }
        return objects;
    }

    /// <summary>A tree as text with keys sorted and scalars by value (quoting and comments do not matter).</summary>
    private static string Canonical(YamlNode node) => node switch
    {
        YamlMapping map => "{" + string.Join(",", map.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal).Select(e => $"{e.Key.Value}:{Canonical(e.Value)}")) + "}",
        YamlSequence seq => "[" + string.Join(",", seq.Items.Select(Canonical)) + "]",
        YamlScalar scalar => scalar.Value,
        _ => "",
    };

    [GeneratedRegex(@"^\s*\{\{-? if (?<not>not )?\.Values\.(?<path>[\w.]+) \}\}\s*$")]
    private static partial Regex IfLine();

    [GeneratedRegex(@"^\s*\{\{-? end \}\}\s*$")]
    private static partial Regex EndLine();

    [GeneratedRegex(@"\{\{ \.(?<path>(Values|Release)\.[\w.]+) \}\}")]
    private static partial Regex Expression();
}
