namespace Palisade.Policy.Cel;

/// <summary>
/// A compiled CEL expression: parse once, evaluate against many activations. Evaluation never throws for what the
/// expression does (an overflow, a missing key, a wrong type): the result is then a <see cref="CelError"/>. A cost
/// limit stops runaway comprehensions.
/// </summary>
public sealed class CelProgram
{
    private readonly CelExpr _ast;

    private CelProgram(CelExpr ast)
    {
        _ast = ast;
        References = ReferencesOf(ast);
    }

    /// <summary>The names the expression reads: root identifiers, and "variables.NAME" for each variable it uses.</summary>
    public IReadOnlySet<string> References { get; }

    /// <exception cref="CelSyntaxException">The text is not a CEL expression.</exception>
    public static CelProgram Compile(string text) => new(CelParser.Parse(text));

    /// <summary>Parses and checks against the declared variables (undeclared references and unknown functions are errors); literal regular expressions are compiled here, once.</summary>
    /// <exception cref="CelSyntaxException">The text is not a CEL expression, or uses what is not declared.</exception>
    public static CelProgram Compile(string text, CelDeclarations declarations) => new(CelChecker.Check(CelParser.Parse(text), declarations));

    public object? Evaluate(IReadOnlyDictionary<string, object?> variables, long costLimit = 10_000_000) =>
        new CelInterpreter(variables, costLimit).Evaluate(_ast);

    private static HashSet<string> ReferencesOf(CelExpr root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<CelExpr>();
        pending.Push(root);
        while (pending.TryPop(out var expr))
        {
            switch (expr)
            {
                case CelIdent ident:
                    names.Add(ident.Name);
                    break;
                case CelSelect { Operand: CelIdent { Name: "variables" } } select:
                    names.Add("variables");
                    names.Add("variables." + select.Field);
                    break;
                case CelSelect select:
                    pending.Push(select.Operand);
                    break;
                case CelCall call:
                    if (call.Target is not null)
                    {
                        pending.Push(call.Target);
                    }
                    foreach (var arg in call.Args)
                    {
                        pending.Push(arg);
                    }
                    break;
                case CelList list:
                    foreach (var element in list.Elements)
                    {
                        pending.Push(element);
                    }
                    break;
                case CelMapExpr map:
                    foreach (var (key, value) in map.Entries)
                    {
                        pending.Push(key);
                        pending.Push(value);
                    }
                    break;
                case CelComprehension c:
                    foreach (var part in new[] { c.Range, c.AccuInit, c.LoopCondition, c.LoopStep, c.Result })
                    {
                        pending.Push(part);
                    }
                    break;
            }
        }
        return names;
    }
}
