using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>What one check concluded about one endpoint: the message, the evidence, and whether it is a failure or a pass.</summary>
public sealed record EndpointHit(string Message, string? Evidence = null, FindingStatus Status = FindingStatus.Fail);

/// <summary>A check over what a passive probe saw at one endpoint; one class per check, with its metadata.</summary>
public interface IEndpointCheck
{
    CheckInfo Info { get; }

    /// <summary>HTTP paths this check needs asked of every open endpoint, beyond those that identify the service.</summary>
    IReadOnlyList<string> Paths => [];

    IEnumerable<EndpointHit> Evaluate(EndpointReport report, DateTimeOffset now);
}

internal static class NetworkCheck
{
    public static CheckInfo Define(string id, string title, Severity severity, string description, string remediation, string[] mitre, params string[] aliases) =>
        CheckInfo.Define(id, title, severity, description, remediation, mitre, aliases);
}
