using Palisade.Policy.Cel;

namespace Palisade.Policy.Tests;

/// <summary>The engine on the kind of expressions admission policies hold, and on hostile ones (the conformance suite covers the language).</summary>
public sealed class CelEngineTests
{
    private static readonly Dictionary<string, object?> Pod = new()
    {
        ["object"] = Map(
            ("kind", "Pod"),
            ("metadata", Map(("name", "web"), ("labels", Map(("app", "web"))))),
            ("spec", Map(("containers", new List<object?>
            {
                Map(("name", "app"), ("image", "registry.example/web:1.2"), ("securityContext", Map(("privileged", false)))),
                Map(("name", "sidecar"), ("image", "busybox:latest")),
            })))),
    };

    [Theory]
    [InlineData("object.spec.containers.all(c, !has(c.securityContext) || c.securityContext.privileged == false)", true)]
    [InlineData("object.spec.containers.exists(c, c.image.endsWith(':latest'))", true)]
    [InlineData("object.spec.containers.filter(c, c.image.startsWith('registry.example/')).size() == 1", true)]
    [InlineData("object.spec.containers.map(c, c.name) == ['app', 'sidecar']", true)]
    [InlineData("'app' in object.metadata.labels && object.metadata.labels.app == 'web'", true)]
    [InlineData("has(object.spec.hostNetwork) ? object.spec.hostNetwork : false", false)]
    [InlineData("object.spec.containers.exists_one(c, c.name.matches('^side'))", true)]
    public void Policy_style_expressions_evaluate(string expression, bool expected) =>
        Assert.Equal(expected, CelProgram.Compile(expression).Evaluate(Pod));

    [Fact]
    public void A_missing_field_is_an_error_value_that_a_decisive_operand_absorbs()
    {
        Assert.IsType<CelError>(CelProgram.Compile("object.spec.hostPID").Evaluate(Pod));
        Assert.Equal(true, CelProgram.Compile("object.spec.hostPID || true").Evaluate(Pod));
        Assert.Equal(false, CelProgram.Compile("false && object.spec.hostPID").Evaluate(Pod));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000)]
    public void Deeply_nested_input_is_a_syntax_error_not_a_crash(int depth)
    {
        foreach (var text in new[]
        {
            new string('(', depth) + "1" + new string(')', depth), new string('!', depth) + "true", new string('[', depth) + new string(']', depth),
            new string('-', depth) + "1", "1" + string.Concat(Enumerable.Repeat(" + 1", depth)), "a" + string.Concat(Enumerable.Repeat(".b", depth)),
        })
        {
            Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(text));
        }
    }

    [Fact]
    public void A_runaway_comprehension_stops_at_the_cost_limit()
    {
        var result = CelProgram.Compile("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a + b + c + d > 0))))")
            .Evaluate(new Dictionary<string, object?>(), costLimit: 10_000);
        Assert.Contains("cost limit", Assert.IsType<CelError>(result).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 +", "unexpected end of expression")]
    [InlineData("a.b(", "unexpected end of expression")]
    [InlineData("'unterminated", "unterminated string")]
    [InlineData("1 ~ 2", "unexpected character '~'")]
    [InlineData("if", "'if' is a reserved word")]
    public void Syntax_errors_say_what_and_where(string text, string message)
    {
        var error = Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Position, 0, text.Length);
    }

    private static CelMap Map(params (string Key, object? Value)[] entries)
    {
        var map = new CelMap();
        foreach (var (key, value) in entries)
        {
            map.TryAdd(key, value);
        }
        return map;
    }
}
