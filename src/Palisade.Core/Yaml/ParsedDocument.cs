namespace Palisade.Core.Yaml;

/// <summary>One document of a multi-document stream (index from 0) and where it starts.</summary>
public sealed record ParsedDocument(int Index, YamlNode Root);

public sealed record ParseError(int Line, string Message);

/// <summary>The documents read before any error, and the error that stopped the reading, if any.</summary>
public sealed record ParseOutcome(IReadOnlyList<ParsedDocument> Documents, IReadOnlyList<ParseError> Errors);
