using Palisade.Nodes.Benchmarks;

namespace Palisade.Nodes.Tests;

public sealed class BenchmarkDataTests
{
    /// <summary>Sections 1 to 4 as CIS counts them (automated and manual), and the 35 policy controls of section 5.</summary>
    [Theory]
    [InlineData("cis-1.10", 64, 31)]
    [InlineData("cis-1.11", 65, 31)]
    [InlineData("cis-1.12", 65, 32)]
    public void Every_shipped_benchmark_loads_with_its_controls(string version, int automated, int manual)
    {
        var benchmark = BenchmarkLoader.Load(version);
        var nodeControls = benchmark.Controls.Where(c => c.Component != "cluster").ToList();
        Assert.Equal(automated, nodeControls.Count(c => c.Automated));
        Assert.Equal(manual, nodeControls.Count(c => !c.Automated));
        Assert.Equal(35, benchmark.Controls.Count(c => c.Component == "cluster"));
        Assert.Equal(["1", "2", "3", "4", "5"], benchmark.Sections.Select(s => s.Id));
    }

    [Fact]
    public void Check_ids_name_one_control_in_each_version()
    {
        foreach (var version in BenchmarkLoader.Versions)
        {
            var duplicates = BenchmarkLoader.Load(version).Controls.GroupBy(c => c.Check.Id.Value).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{version}: {string.Join(", ", duplicates)}");
        }
    }

    [Theory]
    [InlineData("unknown field 'sevrity'", "      - {id: \"1.1.1\", check: node.x.y, title: t, automated: true, sevrity: high, component: apiserver, mitre: [T1611], remediation: r, audit: [{setting: {component: apiserver, flag: --x}, expect: {op: present}}]}")]
    [InlineData("unknown operator 'bigger'", "      - {id: \"1.1.1\", check: node.x.y, title: t, automated: true, severity: high, component: apiserver, mitre: [T1611], remediation: r, audit: [{setting: {component: apiserver, flag: --x}, expect: {op: bigger, value: \"1\"}}]}")]
    [InlineData("not a MITRE ATT&CK", "      - {id: \"1.1.1\", check: node.x.y, title: t, automated: true, severity: high, component: apiserver, mitre: [T0000], remediation: r, audit: [{setting: {component: apiserver, flag: --x}, expect: {op: present}}]}")]
    [InlineData("is automated but has no audit", "      - {id: \"1.1.1\", check: node.x.y, title: t, automated: true, severity: high, component: apiserver, mitre: [T1611], remediation: r}")]
    [InlineData("unknown component 'apiserverr'", "      - {id: \"1.1.1\", check: node.x.y, title: t, automated: false, severity: high, component: apiserverr, mitre: [T1611], remediation: r}")]
    public void The_schema_is_closed_and_errors_name_the_line(string expected, string control)
    {
        var text = $"benchmark: cis-1.12\nsection: \"1\"\ntitle: T\ntarget: master\ngroups:\n  - id: \"1.1\"\n    title: G\n    controls:\n{control}\n";
        var error = Assert.Throws<InvalidDataException>(() => BenchmarkLoader.Parse(text, "test.yaml", "cis-1.12"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.yaml:", error.Message, StringComparison.Ordinal);
    }
}
