namespace Palisade.Policy.Cel;

public enum TokenKind
{
    End,
    Identifier,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Punctuation,
}

/// <summary>One token of an expression: its kind, its text (operators), its value (literals) and where it starts.</summary>
public sealed record CelToken(TokenKind Kind, string Text, object? Value, int Position);

/// <summary>An expression that does not parse, with the position of the problem.</summary>
public sealed class CelSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
