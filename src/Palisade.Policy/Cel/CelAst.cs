namespace Palisade.Policy.Cel;

/// <summary>A parsed CEL expression. Operators are calls to their internal names (_+_, _&amp;&amp;_, _[_], @in…); macros are comprehensions.</summary>
public abstract record CelExpr(int Position);

public sealed record CelLiteral(object? Value, int Position) : CelExpr(Position);

public sealed record CelIdent(string Name, int Position) : CelExpr(Position);

/// <summary>A field selection; <see cref="TestOnly"/> is has(operand.field).</summary>
public sealed record CelSelect(CelExpr Operand, string Field, bool TestOnly, int Position) : CelExpr(Position)
{
    /// <summary>
    /// "a.b.c" when the operand is a chain of plain selections from an identifier: a variable or type name may be
    /// spelled so. Computed on first use and kept (not at parse time: a hostile chain would cost its square).
    /// </summary>
    public string? Dotted => field ??= Operand switch
    {
        CelIdent ident => $"{ident.Name}.{Field}",
        CelSelect { TestOnly: false, Dotted: { } prefix } => $"{prefix}.{Field}",
        _ => null,
    };
}

public sealed record CelCall(CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args, int Position) : CelExpr(Position);

public sealed record CelList(IReadOnlyList<CelExpr> Elements, int Position) : CelExpr(Position);

public sealed record CelMapExpr(IReadOnlyList<(CelExpr Key, CelExpr Value)> Entries, int Position) : CelExpr(Position);

/// <summary>The loop every macro expands to: over <see cref="Range"/>, folding into the accumulator while the condition holds.
/// With <see cref="IterVar2"/> (the two-variable macros) the first variable is a list's index or a map's key and the second its element or value.</summary>
public sealed record CelComprehension(string IterVar, CelExpr Range, string AccuVar, CelExpr AccuInit, CelExpr LoopCondition, CelExpr LoopStep, CelExpr Result, int Position) : CelExpr(Position)
{
    public string? IterVar2 { get; init; }
}
