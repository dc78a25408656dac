using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Nodes.Inspection;
using Palisade.Nodes.Components;

namespace Palisade.Cluster.Exposure;

/// <summary>
/// The node audit's control-plane and etcd checks, run on the static pods the API shows in kube-system (anonymous
/// auth, kubelet TLS, etcd client certificates, authorization modes, NodeRestriction, audit logging…). File
/// ownership and permissions cannot be seen through the API, so those controls are left to `scan node`.
/// </summary>
public static class ControlPlaneAudit
{
    private static readonly Dictionary<string, string> Manifests = new(StringComparer.Ordinal)
    {
        ["kube-apiserver"] = "kube-apiserver.yaml",
        ["etcd"] = "etcd.yaml",
        ["kube-controller-manager"] = "kube-controller-manager.yaml",
        ["kube-scheduler"] = "kube-scheduler.yaml",
    };

    public static (IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Notes) Run(Snapshot.ClusterSnapshot snapshot, IReadOnlyList<KubernetesObject> objects, string? serverVersion, bool auditPolicyGraded = false)
    {
        var pods = objects.Where(o => o.Kind == "Pod" && o.Namespace == "kube-system" && o.Metadata?.Map("labels")?.Str("component") is { } c && Manifests.ContainsKey(c))
            .GroupBy(o => o.Metadata!.Map("labels")!.Str("component")!)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Name, StringComparer.Ordinal).First());
        if (pods.Count == 0)
        {
            return ([], [new Diagnostic("kube-system", null, "no control-plane static pods visible (a managed control plane, or not readable): API server, etcd and controller settings were not audited", DiagnosticLevel.Notice)]);
        }
        var raw = RawPods(snapshot, pods.Values.Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"palisade-control-plane-{Guid.NewGuid():N}")).FullName;
        try
        {
            var manifests = Directory.CreateDirectory(Path.Combine(root, "etc", "kubernetes", "manifests")).FullName;
            foreach (var (component, pod) in pods)
            {
                if (raw.TryGetValue(pod.Name, out var text))
                {
                    File.WriteAllText(Path.Combine(manifests, Manifests[component]), text);
                }
            }
            var result = new NodeAuditor(ComponentCatalog.Load()).Audit(new NodeAuditOptions
            {
                Root = root,
                KubernetesVersion = serverVersion?.TrimStart('v'),
                Targets = new HashSet<string> { "master", "etcd" },
            });
            // Failures, and manual controls whose audit fails (anonymous-auth=true is one): both are worth the user's eyes.
            var findings = result.Findings
                .Where(f => (f.Status == FindingStatus.Fail || (f.Status == FindingStatus.Warn && f.Message.Contains("the audit fails", StringComparison.Ordinal)))
                    && !(f.Group?.StartsWith("1.1 ", StringComparison.Ordinal) ?? false))
                .Select(f => f with { Target = new Target(null, PodFor(f, pods)) })
                .ToList();
            // The policy itself lives on the control-plane host: say so, and how to grade it, rather than stay silent.
            IReadOnlyList<Diagnostic> notes = !auditPolicyGraded && result.AuditPolicyFile is { } policy && pods.TryGetValue("kube-apiserver", out var apiserver)
                ? [new Diagnostic(apiserver.Ref.ToString(), null, $"the API server's audit policy ({policy}) is a file on the control-plane host, out of the API's reach: grade a copy with 'scan cluster --audit-policy FILE', or run 'palisade scan node' there", DiagnosticLevel.Notice)]
                : [];
            return (findings, notes);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ResourceRef PodFor(Finding finding, Dictionary<string, KubernetesObject> pods)
    {
        var id = finding.Check.Id.Value;
        var component = id.StartsWith("node.apiserver.", StringComparison.Ordinal) ? "kube-apiserver"
            : id.StartsWith("node.etcd.", StringComparison.Ordinal) ? "etcd"
            : id.StartsWith("node.controller-manager.", StringComparison.Ordinal) ? "kube-controller-manager"
            : id.StartsWith("node.scheduler.", StringComparison.Ordinal) ? "kube-scheduler" : null;
        return component is not null && pods.TryGetValue(component, out var pod) ? pod.Ref : new ResourceRef("Cluster", null, "control plane");
    }

    /// <summary>
    /// The chosen kube-system pods' JSON, by name, for the node auditor's static-pod reader (JSON is YAML). Only these
    /// few pods are turned back into text, and only because that reader works on files.
    /// </summary>
    private static Dictionary<string, string> RawPods(Snapshot.ClusterSnapshot snapshot, IReadOnlySet<string> names)
    {
        var pods = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items("v1/pods"))
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("namespace", out var ns) && ns.ValueKind == JsonValueKind.String && ns.ValueEquals("kube-system")
                && metadata.TryGetProperty("name", out var name) && names.FirstOrDefault(n => name.ValueKind == JsonValueKind.String && name.ValueEquals(n)) is { } podName)
            {
                pods[podName] = item.GetRawText();
            }
        }
        return pods;
    }
}
