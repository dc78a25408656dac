namespace Palisade.Kubernetes.Tests.Manifests;

/// <summary>`helm template` output: each finding points at the chart template its document came from.</summary>
public sealed class HelmOutputTests
{
    [Fact]
    public async Task Findings_are_attributed_to_the_template_named_by_the_source_comment()
    {
        var output = await ScanHelper.ScanAsync(ScanHelper.Fixture("Helm", "rendered.yaml"));
        var privileged = ScanHelper.Single(output, "pod.privileged", "release-name-shop");
        Assert.Equal("shop/templates/deployment.yaml", privileged.Target.Location!.File);
        // "privileged: true" is on line 29 of the deployment's rendered document, counted from its Source comment.
        Assert.Equal(29, privileged.Target.Location.Line);
        var nodePort = ScanHelper.Single(output, "service.exposed", "release-name-shop");
        Assert.Equal("shop/templates/service.yaml", nodePort.Target.Location!.File);
        Assert.Contains(output.Findings, f => f.Target.Location?.File == "shop/templates/tests/test-connection.yaml");
        Assert.DoesNotContain(output.Findings, f => f.Target.Location?.File.EndsWith("rendered.yaml", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_chart_directory_is_one_line_asking_to_render_it()
    {
        var chart = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-chart-" + Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(chart, "Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        Directory.CreateDirectory(Path.Combine(chart, "templates"));
        await File.WriteAllTextAsync(Path.Combine(chart, "templates", "pod.yaml"), "metadata: {name: {{ .Release.Name }}}\n");
        var output = await ScanHelper.ScanAsync(chart);
        var error = Assert.Single(output.Diagnostics);
        Assert.Contains("is a Helm chart: render it first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_or_directory_is_not_a_clean_pass()
    {
        var empty = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-empty-" + Guid.NewGuid().ToString("N"))).FullName;
        var emptyDir = await ScanHelper.ScanAsync(empty);
        Assert.Contains("no manifests", ScanHelper.Error(emptyDir).Message, StringComparison.Ordinal);
        var file = Path.Combine(empty, "empty.yaml");
        await File.WriteAllTextAsync(file, "# nothing here\n---\n");
        var emptyFile = await ScanHelper.ScanAsync(file);
        Assert.Contains("no Kubernetes objects found", ScanHelper.Error(emptyFile).Message, StringComparison.Ordinal);
    }
}
