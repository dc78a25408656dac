using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>
/// The kubelet's /logs/ handler serves the node's /var/log: an anonymous answer there hands out system and
/// container logs (tokens, connection strings and internal addresses are often in them).
/// </summary>
public sealed class KubeletSystemLogsCheck : ServiceCheck
{
    private const string LogsPath = "/logs/";

    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.kubelet.system-logs", "Kubelet serves the node's logs to anonymous requests", Severity.High,
        "The kubelet's /logs/ endpoint lists and serves /var/log of the node without credentials: system, audit and container logs with whatever secrets they hold.",
        "Set authentication.anonymous.enabled: false and authorization.mode: Webhook in the kubelet configuration, or enableSystemLogHandler: false.",
        ["T1552.001", "T1613"], "KHV045");

    public override IReadOnlyList<string> Paths { get; } = [LogsPath];

    protected override string Service => "kubelet";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Answered(LogsPath))
        {
            yield return new EndpointHit($"{report.Endpoint}: the kubelet lists the node's /var/log to anonymous requests", $"GET {LogsPath} → 200");
        }
    }
}
