using System.Globalization;
using System.Text;
using Palisade.Policy.Cel;
using Palisade.TestSupport;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests.Cel;

/// <summary>
/// The CEL engine against the language's own conformance suite (../shared/corpora/cel-spec). Every file is run and its
/// counts printed; the files Palisade claims must pass entirely. Set aside: tests of protocol-buffer messages
/// (TestAllTypes, google.protobuf.*: Kubernetes objects are JSON, not protos), of unknowns, and type-check-only tests.
/// </summary>
public sealed class CelConformanceTests(ITestOutputHelper output)
{
    /// <summary>
    /// The suites this engine claims in full. Not claimed: block_ext (cel.block and cel.index are what an optimiser
    /// writes, not what people do), namespace (needs a declared container).
    /// </summary>
    private static readonly string[] Claimed = ["basic", "bindings_ext", "comparisons", "conversions", "encoders_ext", "fields", "fp_math", "integer_math", "lists", "logic", "macros", "macros2", "math_ext", "network_ext", "optionals", "parse", "plumbing", "string", "string_ext", "timestamps", "type_deduction"];

    [SkippableFact]
    public void Claimed_suites_pass_and_every_suite_is_counted()
    {
        var directory = Corpus.Require("cel-spec/tests/simple/testdata");
        var failedClaims = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.textproto").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var (pass, fail, skipped, failures) = Run(file);
            output.WriteLine($"{name,-16} {pass,4} pass {fail,4} fail {skipped,4} set aside{(Claimed.Contains(name) ? "  (claimed)" : "")}");
            if (Claimed.Contains(name))
            {
                failedClaims.AddRange(failures.Select(f => $"{name}: {f}"));
            }
        }
        Assert.True(failedClaims.Count == 0, string.Join("\n", failedClaims.Take(200)));
    }

    private static (int Pass, int Fail, int Skipped, List<string> Failures) Run(string file)
    {
        var root = new TextProtoReader(File.ReadAllText(file)).ReadMessage();
        int pass = 0, fail = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var section in root.All("section").OfType<ProtoNode>())
        {
            foreach (var test in section.All("test").OfType<ProtoNode>())
            {
                var name = $"{section.Text("name")}/{test.Text("name")}";
                var expr = Utf8(test.Text("expr") ?? "");
                if (SetAside(test, expr))
                {
                    skipped++;
                    continue;
                }
                try
                {
                    var outcome = Evaluate(test, expr);
                    if (outcome is null)
                    {
                        pass++;
                    }
                    else
                    {
                        fail++;
                        failures.Add($"{name}: {outcome}");
                    }
                }
                catch (SetAsideException)
                {
                    skipped++;
                }
            }
        }
        return (pass, fail, skipped, failures);
    }

    private static bool SetAside(ProtoNode test, string expr) =>
        test.One("unknown") is not null || test.One("any_unknowns") is not null || test.Text("check_only") == "true"
        || expr.Contains("TestAllTypes", StringComparison.Ordinal) || expr.Contains("google.protobuf", StringComparison.Ordinal)
        || (test.Text("container") ?? "").Length > 0
        ;

    /// <summary>Null when the test passes, otherwise what went wrong.</summary>
    private static string? Evaluate(ProtoNode test, string expr)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var binding in test.All("bindings").OfType<ProtoNode>())
        {
            variables[binding.Text("key")!] = ToValue(binding.Node("value")!.Node("value")!);
        }
        var expectsError = test.One("eval_error") is not null || test.One("any_eval_errors") is not null;
        var expectedNode = test.Node("value") ?? test.Node("typed_result")?.Node("result");
        // A test with no result matcher expects true (simple.proto).
        var expected = expectedNode is null ? true : ToValue(expectedNode);
        object? actual;
        try
        {
            actual = CelProgram.Compile(expr).Evaluate(variables);
        }
        catch (CelSyntaxException ex)
        {
            return expectsError ? null : $"does not parse: {ex.Message}";
        }
        if (expectsError)
        {
            return actual is CelError ? null : $"expected an error, got {Show(actual)}";
        }
        return Equal(expected, actual) ? null : $"expected {Show(expected)}, got {Show(actual)}";
    }

    private static string Utf8(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));

    private static object? ToValue(ProtoNode value)
    {
        var (kind, content) = value.Fields[0];
        var text = (content as Scalar)?.Text;
        return kind switch
        {
            "null_value" => null,
            "bool_value" => text == "true",
            "int64_value" => long.Parse(text!, CultureInfo.InvariantCulture),
            "uint64_value" => ulong.Parse(text!, CultureInfo.InvariantCulture),
            "double_value" => text switch
            {
                "inf" or "infinity" => double.PositiveInfinity,
                "-inf" or "-infinity" => double.NegativeInfinity,
                "nan" => double.NaN,
                _ => double.Parse(text!, NumberStyles.Float, CultureInfo.InvariantCulture),
            },
            "string_value" => Utf8(text!),
            "bytes_value" => new CelBytes(Encoding.Latin1.GetBytes(text!)),
            "list_value" => ((ProtoNode)content).All("values").OfType<ProtoNode>().Select(ToValue).ToList(),
            "map_value" => Map(((ProtoNode)content).All("entries").OfType<ProtoNode>()),
            "type_value" => new CelType(text!),
            _ => throw new SetAsideException(),
        };
    }

    private static CelMap Map(IEnumerable<ProtoNode> entries)
    {
        var map = new CelMap();
        foreach (var entry in entries)
        {
            map.TryAdd(ToValue(entry.Node("key")!)!, ToValue(entry.Node("value")!));
        }
        return map;
    }

    /// <summary>Equal in value and in CEL type (1 is not 1u, nor 1.0).</summary>
    private static bool Equal(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (double e, double a) => double.IsNaN(e) ? double.IsNaN(a) : e.Equals(a),
        (List<object?> e, IReadOnlyList<object?> a) => e.Count == a.Count && e.Zip(a).All(p => Equal(p.First, p.Second)),
        (CelMap e, CelMap a) => e.Count == a.Count && e.Entries.All(entry => a.TryGet(entry.Key, out var value) && Equal(entry.Value, value)),
        (not null, not null) => expected.GetType() == actual.GetType() && expected.Equals(actual),
        _ => false,
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IReadOnlyList<object?> list => "[" + string.Join(", ", list.Select(Show)) + "]",
        CelMap map => "{" + string.Join(", ", map.Entries.Select(e => $"{Show(e.Key)}: {Show(e.Value)}")) + "}",
        _ => $"{value} ({value.GetType().Name})",
    };

    private sealed class SetAsideException : Exception;
}
