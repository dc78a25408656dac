namespace Palisade.Core.Findings;

/// <summary>What a detection alert adds: when, who, from where, and the request that raised it.</summary>
public sealed record AlertDetail(string? Time, string? User, string? SourceIp, string? Verb, string? AuditId);
