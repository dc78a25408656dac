using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Core.Findings;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>Invariants every check in the catalogue keeps, whichever scanner it belongs to.</summary>
public sealed partial class CatalogTests
{
    private static readonly HashSet<string> PssControls =
    [
        "privileged", "hostNamespaces", "hostPathVolumes", "hostPorts", "appArmorProfile", "capabilities", "seLinuxOptions",
        "procMount", "seccompProfile", "sysctls", "hostProcess", "hostProbesAndHostLifecycle", "volumeTypes",
        "allowPrivilegeEscalation", "runAsNonRoot", "runAsUser",
    ];

    public static TheoryData<string> Ids() => [.. PalisadeApp.Checks().Catalog.All.Select(c => c.Id.Value)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_check_is_complete(string id)
    {
        var check = PalisadeApp.Checks().Catalog.Find(id)!;
        Assert.False(string.IsNullOrWhiteSpace(check.Title));
        Assert.False(string.IsNullOrWhiteSpace(check.Description));
        Assert.False(string.IsNullOrWhiteSpace(check.Remediation));
        Assert.NotEmpty(check.Mitre);
        Assert.All(check.Aliases, a => Assert.Matches(AliasPattern(), a));
        foreach (var reference in check.Frameworks)
        {
            switch (reference.Framework)
            {
                case Framework.Cis:
                    Assert.Matches(CisPattern(), reference.Control);
                    break;
                case Framework.PodSecurityStandards:
                    var parts = reference.Control.Split('/');
                    Assert.Contains(parts[0], new[] { "baseline", "restricted" });
                    Assert.Contains(parts[1], PssControls);
                    break;
                default:
                    Assert.False(string.IsNullOrWhiteSpace(reference.Control));
                    break;
            }
        }
    }

    [Fact]
    public void Aliases_lead_to_their_check()
    {
        var catalog = PalisadeApp.Checks().Catalog;
        Assert.Equal("pod.privileged", catalog.Find("KSV017")!.Id.Value);
        // kubescape's C-0057 counts SYS_ADMIN as privileged: the alias names both checks.
        Assert.Equal(["pod.capabilities-added", "pod.privileged"], catalog.FindAll("c-0057").Select(c => c.Id.Value));
    }

    [Fact]
    public async Task Checks_list_json_has_every_check()
    {
        var run = await InProcessAsync(TempDirectory(), "checks", "list", "--format", "json");
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(PalisadeApp.Checks().Catalog.All.Count, doc.RootElement.GetArrayLength());
        Assert.All(doc.RootElement.EnumerateArray(), c => Assert.NotEmpty(c.GetProperty("mitre").EnumerateArray()));
    }

    [Fact]
    public async Task Checks_show_accepts_an_alias()
    {
        var run = await InProcessAsync(TempDirectory(), "checks", "show", "KSV017");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pod.privileged", run.Out, StringComparison.Ordinal);
        Assert.Contains("T1611 (Escape to Host)", run.Out, StringComparison.Ordinal);
        Assert.Contains("baseline/privileged", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_checks_reference_lists_every_check()
    {
        var reference = await File.ReadAllTextAsync(Repo("docs", "checks.md"));
        var missing = PalisadeApp.Checks().Catalog.All.Select(c => c.Id.Value).Where(id => !reference.Contains($"### `{id}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/checks.md lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_checks_reference_is_generated_from_the_catalogue()
    {
        // To accept a change: ./palisade checks list --format markdown > docs/checks.md
        var reference = await File.ReadAllTextAsync(Repo("docs", "checks.md"));
        Assert.Equal(Palisade.Reporting.Catalog.CatalogMarkdown.Write(PalisadeApp.Checks().Catalog.All), reference.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Checks_show_resolves_cis_numbers_and_shared_aliases_to_every_check()
    {
        var cis = await InProcessAsync(TempDirectory(), "checks", "show", "1.2.1");
        Assert.Equal(0, cis.ExitCode);
        Assert.Contains("node.apiserver.anonymous-auth", cis.Out, StringComparison.Ordinal);
        var shared = await InProcessAsync(TempDirectory(), "checks", "show", "KSV041");
        Assert.Contains("rbac.read-secrets", shared.Out, StringComparison.Ordinal);
        Assert.Contains("rbac.manage-secrets", shared.Out, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(KSV\d{3}|C-\d{4}|KHV\d{3}|DS\d{3})$")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^\d+(\.\d+)+$")]
    private static partial Regex CisPattern();
}
