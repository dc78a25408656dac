using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Checks;

/// <summary>What a check found: the node to point at (null for the whole object), a specific message, the evidence.</summary>
public sealed record CheckHit(YamlNode? Node, string Message, string? Evidence = null, string? Container = null);
