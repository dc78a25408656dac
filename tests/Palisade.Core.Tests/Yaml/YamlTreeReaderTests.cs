using Palisade.Core.Yaml;

namespace Palisade.Core.Tests.Yaml;

public sealed class YamlTreeReaderTests
{
    private static YamlMapping Root(string yaml)
    {
        var outcome = new YamlTreeReader(DocumentLimits.Default).Read(yaml);
        Assert.Empty(outcome.Errors);
        return Assert.IsType<YamlMapping>(Assert.Single(outcome.Documents).Root);
    }

    [Theory]
    [InlineData("a: true", true)]
    [InlineData("a: yes", true)]
    [InlineData("a: On", true)]
    [InlineData("a: false", false)]
    [InlineData("a: no", false)]
    [InlineData("a: \"true\"", null)]
    [InlineData("a: 'yes'", null)]
    [InlineData("a: maybe", null)]
    public void Booleans_follow_the_kubernetes_yaml_decoder(string yaml, bool? expected) => Assert.Equal(expected, Root(yaml).Bool("a"));

    [Fact]
    public void Positions_are_one_based_lines_and_columns()
    {
        var root = Root("metadata:\n  name: web\n");
        var name = root.Map("metadata")!.Scalar("name")!;
        Assert.Equal(new Mark(2, 9), name.Start);
    }

    [Fact]
    public void Explicit_nulls_read_as_missing()
    {
        var root = Root("a: null\nb: ~\nc:\n");
        Assert.False(root.Has("a"));
        Assert.False(root.Has("b"));
        Assert.False(root.Has("c"));
    }

    [Fact]
    public void Multi_document_streams_keep_every_document()
    {
        var outcome = new YamlTreeReader(DocumentLimits.Default).Read("a: 1\n---\nb: 2\n---\n");
        Assert.Equal(3, outcome.Documents.Count);
        Assert.Equal(3, outcome.Documents[1].Root.Start.Line);
    }

    [Fact]
    public void Too_many_documents_are_cut_off_with_an_error()
    {
        var limits = DocumentLimits.Default with { MaxDocuments = 2 };
        var outcome = new YamlTreeReader(limits).Read("a: 1\n---\nb: 2\n---\nc: 3\n");
        Assert.Equal(2, outcome.Documents.Count);
        Assert.Contains("more than 2 documents", Assert.Single(outcome.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_and_yaml_give_the_same_tree()
    {
        var json = new JsonTreeReader(DocumentLimits.Default).Read("{\"a\": {\"b\": [true, 1, \"x\"]}}");
        var yaml = new YamlTreeReader(DocumentLimits.Default).Read("a:\n  b: [true, 1, x]\n");
        string Describe(ParseOutcome o) => string.Join(",", ((YamlMapping)o.Documents[0].Root).Map("a")!.Seq("b")!.Items.Cast<YamlScalar>().Select(s => $"{s.Value}:{s.AsBool}:{s.AsInteger}"));
        Assert.Equal(Describe(yaml), Describe(json));
    }

    [Fact]
    public void Json_lines_are_separate_documents()
    {
        var outcome = new JsonTreeReader(DocumentLimits.Default).Read("{\"a\":1}\n{\"a\":2}\n");
        Assert.Equal(2, outcome.Documents.Count);
        Assert.Equal(2, outcome.Documents[1].Root.Start.Line);
    }

    /// <summary>Mutated manifests must give documents or errors, never an exception (a cheap deterministic fuzz).</summary>
    [Fact]
    public void Mutated_input_never_throws()
    {
        const string seed = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {x: \"y\"}}\nspec:\n  containers:\n    - &c {name: a, image: 'a:1'}\n    - <<: *c\n      name: b\n";
        var alphabet = "{}[]:,-&*!|>'\"#%@`\n\t ?<".ToCharArray();
        var random = new Random(20261130);
        for (var i = 0; i < 5000; i++)
        {
            var chars = seed.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            var text = new string(chars);
            var yaml = new YamlTreeReader(DocumentLimits.Default).Read(text);
            var json = new JsonTreeReader(DocumentLimits.Default).Read(text);
            Assert.True(yaml.Documents.Count > 0 || yaml.Errors.Count > 0, text);
            Assert.True(json.Documents.Count > 0 || json.Errors.Count > 0, text);
        }
    }
}
