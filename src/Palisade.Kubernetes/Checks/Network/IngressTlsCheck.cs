using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Network;

public sealed class IngressTlsCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("ingress.no-tls"),
        Title = "Ingress without TLS for some or all of its hosts",
        Severity = Severity.Medium,
        Description = "An Ingress without a tls section, or with hosts that no tls entry lists, serves those hosts over plain HTTP: credentials and session tokens cross the network in clear text.",
        Remediation = "Add every host of spec.rules to a spec.tls entry with a certificate Secret (cert-manager can issue it).",
        Mitre = CheckInfo.Techniques("T1190", "T1552.007"),
        Frameworks = [FrameworkRef.Nsa("Network separation and hardening")],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (obj.Kind != "Ingress" || obj.Root.Map("spec") is not { } spec)
        {
            yield break;
        }
        if (spec.Seq("tls") is not { Items.Count: > 0 })
        {
            yield return new CheckHit(spec, $"Ingress '{obj.Name}' has no TLS configuration", "spec.tls missing");
            yield break;
        }
        var entries = spec.Maps("tls").ToList();
        // A tls entry without hosts takes the controller's default certificate for every host.
        if (entries.Any(e => !e.Has("hosts")))
        {
            yield break;
        }
        var covered = entries.SelectMany(e => e.Strings("hosts")).ToList();
        foreach (var rule in spec.Maps("rules"))
        {
            if (rule.Str("host") is { Length: > 0 } host && !covered.Any(pattern => Covers(pattern, host)))
            {
                yield return new CheckHit(rule["host"] ?? rule, $"Ingress '{obj.Name}' serves host '{host}' that no tls entry lists: it is reachable over plain HTTP",
                    $"host: {host}; tls hosts: [{string.Join(", ", covered)}]");
            }
        }
    }

    /// <summary>An exact host, or a wildcard "*.example.com" matching exactly one more label.</summary>
    private static bool Covers(string pattern, string host)
    {
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return pattern.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0
            && string.Equals(host[(dot + 1)..], pattern[2..], StringComparison.OrdinalIgnoreCase);
    }
}
