using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes;
using static Palisade.Kubernetes.Tests.ScanHelper;

namespace Palisade.Kubernetes.Tests.Manifests;

public sealed class BadInputTests
{
    [Fact]
    public async Task Malformed_yaml_is_one_error_naming_file_and_line()
    {
        var output = await ScanAsync(Fixture("BadInput", "malformed.yaml"));
        var error = Error(output);
        Assert.EndsWith("malformed.yaml", error.Source, StringComparison.Ordinal);
        Assert.InRange(error.Line ?? 0, 5, 6);
    }

    [Theory]
    [InlineData("scalar-document.yaml", "scalar")]
    [InlineData("list-document.yaml", "list")]
    [InlineData("duplicate-key.yaml", "duplicate key 'image' (first at line 8)")]
    [InlineData("alias-bomb.yaml", "alias bomb")]
    [InlineData("deep.yaml", "nesting deeper than")]
    [InlineData("invalid-utf8.yaml", "invalid UTF-8")]
    [InlineData("binary.yaml", "binary content")]
    public async Task Hostile_or_wrong_documents_give_a_clear_error(string file, string expected)
    {
        var output = await ScanAsync(Fixture("BadInput", file));
        var error = Error(output);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(output.Findings);
    }

    [Fact]
    public async Task Invalid_utf8_names_the_line()
    {
        var error = Error(await ScanAsync(Fixture("BadInput", "invalid-utf8.yaml")));
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public async Task Duplicate_key_names_the_line_of_the_second_key()
    {
        var error = Error(await ScanAsync(Fixture("BadInput", "duplicate-key.yaml")));
        Assert.Equal(9, error.Line);
    }

    [Fact]
    public async Task Unknown_kind_is_a_notice_not_an_error()
    {
        var output = await ScanAsync(Fixture("BadInput", "unknown-kind.yaml"));
        var notice = Assert.Single(output.Diagnostics);
        Assert.Equal(DiagnosticLevel.Notice, notice.Level);
        Assert.Contains("Certificate", notice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documents_before_a_syntax_error_are_still_scanned()
    {
        var output = await ScanAsync(Fixture("BadInput", "good-after-bad.yaml"));
        Assert.Equal("fine", Single(output, "pod.privileged").Target.Resource!.Name);
        Assert.InRange(Error(output).Line ?? 0, 16, 17);
    }

    [Fact]
    public async Task One_bad_file_does_not_stop_the_others()
    {
        var output = await ScanAsync(Fixture("BadInput"), Fixture("Loading", "list-kind.yaml"));
        Assert.Equal(9, output.Diagnostics.Count(d => d.Level == DiagnosticLevel.Error));
        Assert.Contains(output.Findings, f => f.Target.Resource?.Name == "first");
        Assert.Contains(output.Findings, f => f.Target.Resource?.Name == "fine");
    }

    [Fact]
    public async Task A_file_over_the_size_cap_is_not_read()
    {
        var options = new ManifestScanOptions { Limits = DocumentLimits.Default with { MaxFileBytes = 100 } };
        var output = await ScanAsync(options, new Kubernetes.Manifests.Kustomize.KustomizeRenderer(), Fixture("Loading", "list-kind.yaml"));
        Assert.Contains("over the 100-byte limit", Error(output).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_path_is_an_error_and_the_rest_is_scanned()
    {
        var output = await ScanAsync(Fixture("does-not-exist.yaml"), Fixture("Loading", "list-kind.yaml"));
        Assert.Contains("no such file", Error(output).Message, StringComparison.Ordinal);
        Assert.NotEmpty(output.Findings);
    }
}
