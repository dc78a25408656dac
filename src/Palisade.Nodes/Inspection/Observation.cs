using Palisade.Core.Findings;

namespace Palisade.Nodes.Inspection;

/// <summary>
/// What one audit condition saw: whether it holds (null when the value could not be read), the evidence in words,
/// and the file and line it came from when there is one.
/// </summary>
public sealed record Observation(bool? Holds, string Evidence, SourceLocation? Location = null);
