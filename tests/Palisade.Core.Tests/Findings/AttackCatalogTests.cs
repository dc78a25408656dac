using System.Text.RegularExpressions;
using Palisade.Core.Findings;
using Palisade.TestSupport;

namespace Palisade.Core.Tests.Findings;

public sealed partial class AttackCatalogTests
{
    [SkippableFact]
    public void The_technique_table_equals_the_design_document()
    {
        var path = Path.Combine(RepositoryPaths.Root, "..", "shared", "design", "mitre-attack-containers.md");
        if (!File.Exists(path))
        {
            Assert.False(Corpus.InCi, $"{path} is required in CI");
            Skip.If(true, $"{path} not found: skipped outside CI");
        }
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Where(l => l.StartsWith('|')))
        {
            var cells = line.Split('|');
            if (cells.Length > 3 && TechniqueId().Match(cells[2].Trim()) is { Success: true } match && cells[2].Trim() == match.Value)
            {
                documented.Add(match.Value);
            }
        }
        Assert.Equal(documented.Order(), AttackCatalog.Techniques.Keys.Order());
    }

    [Fact]
    public void Unknown_techniques_are_refused()
    {
        Assert.Equal("Escape to Host", AttackTechnique.Parse("T1611").Name);
        Assert.Throws<FormatException>(() => AttackTechnique.Parse("T9999"));
    }

    [Theory]
    [InlineData("pod.privileged", true)]
    [InlineData("rbac.wildcard-verbs", true)]
    [InlineData("node.apiserver.anonymous-auth", true)]
    [InlineData("Pod.Privileged", false)]
    [InlineData("privileged", false)]
    [InlineData("pod..privileged", false)]
    [InlineData("pod.privileged-", false)]
    public void Check_ids_are_lowercase_dotted_slugs(string id, bool valid) => Assert.Equal(valid, CheckId.TryParse(id, out _));

    [GeneratedRegex(@"^T\d{4}(\.\d{3})?$")]
    private static partial Regex TechniqueId();
}
