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

    [Theory]
    [InlineData("quantity('1.5Gi') == quantity('1536Mi') && quantity('500m').isLessThan(quantity('1'))", true)]
    [InlineData("quantity('2').add(3).asInteger() == 5 && quantity('100m').asApproximateFloat() == 0.1", true)]
    [InlineData("isQuantity('1.5Gi') && !isQuantity('1.5 Gi') && !isQuantity('Gi')", true)]
    [InlineData("semver('1.30.2').isGreaterThan(semver('1.30.0-rc.1')) && semver('v1.30', true).minor() == 30", true)]
    [InlineData("url('https://example.com:8443/a?x=1&x=2').getQuery()['x'] == ['1', '2'] && url('https://example.com:8443/a').getPort() == '8443'", true)]
    [InlineData("cidr('10.0.0.0/8').containsIP(ip('10.1.2.3')) && !cidr('10.0.0.0/8').containsIP('192.168.0.1') && ip('::1').isLoopback()", true)]
    [InlineData("'abc 123 def 45'.findAll('[0-9]+') == ['123', '45'] && 'abc'.find('z') == ''", true)]
    [InlineData("[3, 1, 2].sort() == [1, 2, 3] && [1, 2, 3].isSorted() && [1, 2, 3].sum() == 6 && [[1], [2, [3]]].flatten() == [1, 2, [3]]", true)]
    [InlineData("{'a': 1, 'b': 2}.transformMap(k, v, v * 10) == {'a': 10, 'b': 20} && [5, 6].transformList(i, v, i + v) == [5, 7]", true)]
    [InlineData("timestamp('2026-12-08T01:00:00Z') - timestamp('2026-12-07T23:30:00Z') == duration('1h30m') && timestamp('2026-12-08T01:00:00+02:00').getHours() == 23", true)]
    [InlineData("cel.bind(c, object.spec.containers, c.size() == 2 && c[0].name == 'app')", true)]
    [InlineData("'%s has %d containers'.format([object.metadata.name, object.spec.containers.size()]) == 'web has 2 containers'", true)]
    public void Kubernetes_libraries_evaluate(string expression, bool expected) =>
        Assert.Equal(expected, CelProgram.Compile(expression).Evaluate(Pod));

    [Theory]
    [InlineData("objct.spec", "undeclared reference to 'objct'")]
    [InlineData("object.spec.containers.exists(c, d.name == 'x')", "undeclared reference to 'd'")]
    [InlineData("object.metadata.name.reverseWords()", "undeclared reference to function 'reverseWords'")]
    [InlineData("variables.missing == 1", "undeclared reference to 'variables.missing'")]
    [InlineData("object.metadata.name.matches('a(b')", "invalid regular expression")]
    [InlineData("object.metadata.name.matches('(?<=a)b')", "RE2")]
    public void Declared_compilation_refuses_what_would_fail_on_every_object(string expression, string message)
    {
        var declarations = new CelDeclarations(new HashSet<string> { "object", "variables" }, new HashSet<string> { "known" });
        var error = Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(expression, declarations));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_compilation_accepts_bound_variables_and_namespaces()
    {
        var declarations = new CelDeclarations(new HashSet<string> { "object" });
        foreach (var text in new[]
        {
            "object.spec.containers.all(c, c.name != '')", "object.?spec.optMap(s, s.containers).orValue([]).size() > 0",
            "cel.bind(x, 1, x + 1) == 2", "math.greatest(1, 2) == 2 && strings.quote('a') != ''", "{'a': 1}.all(k, v, v > 0)",
        })
        {
            Assert.NotNull(CelProgram.Compile(text, declarations));
        }
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
