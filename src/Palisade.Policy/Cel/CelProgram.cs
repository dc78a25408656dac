namespace Palisade.Policy.Cel;

/// <summary>
/// A compiled CEL expression: parse once, evaluate against many activations. Evaluation never throws for what the
/// expression does (an overflow, a missing key, a wrong type): the result is then a <see cref="CelError"/>. A cost
/// limit stops runaway comprehensions.
/// </summary>
public sealed class CelProgram
{
    private readonly CelExpr _ast;

    private CelProgram(CelExpr ast) => _ast = ast;

    /// <exception cref="CelSyntaxException">The text is not a CEL expression.</exception>
    public static CelProgram Compile(string text) => new(CelParser.Parse(text));

    /// <summary>Parses and checks against the declared variables (undeclared references and unknown functions are errors); literal regular expressions are compiled here, once.</summary>
    /// <exception cref="CelSyntaxException">The text is not a CEL expression, or uses what is not declared.</exception>
    public static CelProgram Compile(string text, CelDeclarations declarations) => new(CelChecker.Check(CelParser.Parse(text), declarations));

    public object? Evaluate(IReadOnlyDictionary<string, object?> variables, long costLimit = 10_000_000) =>
        new CelInterpreter(variables, costLimit).Evaluate(_ast);
}
