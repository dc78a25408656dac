using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class HostProbesControl : PodSecurityControlBase
{
    private static readonly string[] Probes = ["livenessProbe", "readinessProbe", "startupProbe"];
    private static readonly string[] Hooks = ["postStart", "preStop"];
    private static readonly string[] Handlers = ["httpGet", "tcpSocket"];

    public override string ControlId => "hostProbesAndHostLifecycle";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.probe-host"),
        Title = "Probe or lifecycle hook targets another host",
        Severity = Severity.Medium,
        Description = "A probe or lifecycle handler with a host field makes the kubelet send requests to any address: a server-side request forgery from the node.",
        Remediation = "Remove the host field from httpGet and tcpSocket probes and lifecycle handlers; they then target the pod itself.",
        Mitre = CheckInfo.Techniques("T1046", "T1133"),
        Frameworks = [FrameworkRef.Pss("baseline", "hostProbesAndHostLifecycle")],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(34, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod)
    {
        foreach (var container in pod.AllContainers())
        {
            foreach (var probe in Probes)
            {
                foreach (var hit in HostTargets(container, probe, container.Node.Map(probe)))
                {
                    yield return hit;
                }
            }
            if (container.Node.Map("lifecycle") is { } lifecycle)
            {
                foreach (var hook in Hooks)
                {
                    foreach (var hit in HostTargets(container, $"lifecycle.{hook}", lifecycle.Map(hook)))
                    {
                        yield return hit;
                    }
                }
            }
        }
    }

    private static IEnumerable<CheckHit> HostTargets(Container container, string where, YamlMapping? handler)
    {
        if (handler is null)
        {
            yield break;
        }
        foreach (var kind in Handlers)
        {
            if (handler.Map(kind)?.Scalar("host") is { Value.Length: > 0 } host)
            {
                yield return Hit(host, $"{container.Describe()} {where} {kind} targets host '{host.Value}'", $"{where}.{kind}.host: {host.Value}", container);
            }
        }
    }
}
