using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Cluster;
using Palisade.Cluster.Snapshot;
using Palisade.Cluster.Versions;

namespace Palisade.Benchmarks;

/// <summary>
/// A large cluster's snapshot (5,000 pods under Deployments, 2,000 role bindings, 100 namespaces) written to disk,
/// then read and scanned with every check and all RBAC escalation paths: time and peak memory.
/// </summary>
internal static class ClusterBench
{
    private static readonly string[] Roles = ["edit", "view", "pod-creator", "secret-reader"];

    public static async Task RunAsync(int rounds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"palisade-cluster-bench-{Environment.ProcessId}.snapshot");
        await SnapshotFile.WriteAsync(Generate(namespaces: 100, podsPerNamespace: 50, bindingsPerNamespace: 20), path, CancellationToken.None);
        try
        {
            var times = new List<double>();
            var findings = 0;
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                var snapshot = await SnapshotFile.ReadAsync(path, CancellationToken.None);
                findings = (await ClusterSnapshotScan.ScanAsync(snapshot, new ClusterScanOptions(new DateOnly(2026, 11, 30), KubernetesReleases.Shipped()), CancellationToken.None)).Findings.Count;
                times.Add(watch.Elapsed.TotalSeconds);
            }
            using var self = Process.GetCurrentProcess();
            Console.WriteLine();
            Console.WriteLine($"== cluster scan: snapshot of 5,000 pods, 2,000 role bindings, 100 namespaces ({new FileInfo(path).Length / 1024.0:0} KiB compressed), best of {rounds}");
            Console.WriteLine($"  read + scan + all RBAC paths: {times.Min():0.00} s, {findings:N0} findings; process peak working set {self.PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB (targets: 2 s, 300 MB)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static ClusterSnapshot Generate(int namespaces, int podsPerNamespace, int bindingsPerNamespace)
    {
        var resources = new Dictionary<string, (string Kind, List<JsonElement> Items)>
        {
            ["v1/namespaces"] = ("Namespace", []), ["v1/pods"] = ("Pod", []), ["v1/serviceaccounts"] = ("ServiceAccount", []),
            ["apps/v1/deployments"] = ("Deployment", []), ["apps/v1/replicasets"] = ("ReplicaSet", []),
            ["rbac.authorization.k8s.io/v1/rolebindings"] = ("RoleBinding", []), ["rbac.authorization.k8s.io/v1/clusterroles"] = ("ClusterRole", []),
            ["rbac.authorization.k8s.io/v1/clusterrolebindings"] = ("ClusterRoleBinding", []), ["v1/nodes"] = ("Node", []),
        };
        void Add(string resource, object value) => resources[resource].Items.Add(JsonSerializer.SerializeToElement(value));
        JsonObject Meta(string name, string? ns = null, (string Kind, string Name)? owner = null)
        {
            var meta = new JsonObject { ["name"] = name, ["uid"] = $"{ns}-{name}" };
            if (ns is not null)
            {
                meta["namespace"] = ns;
            }
            if (owner is { } o)
            {
                meta["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = o.Kind, ["name"] = o.Name, ["controller"] = true, ["apiVersion"] = "apps/v1" });
            }
            return meta;
        }
        JsonObject PodSpec(int i) => new()
        {
            ["serviceAccountName"] = $"app-{i % 5}",
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app", ["image"] = $"registry.example.com/app:{i % 7}",
                ["securityContext"] = i % 3 == 0 ? new JsonObject { ["privileged"] = true } : new JsonObject { ["runAsNonRoot"] = true, ["allowPrivilegeEscalation"] = false },
                ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" } },
            }),
        };
        foreach (var role in Roles)
        {
            Add("rbac.authorization.k8s.io/v1/clusterroles", new JsonObject
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRole", ["metadata"] = Meta(role),
                ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray(role == "secret-reader" ? "secrets" : "pods"), ["verbs"] = new JsonArray(role == "view" ? "get" : "create", "list") }),
            });
        }
        Add("rbac.authorization.k8s.io/v1/clusterroles", new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRole", ["metadata"] = Meta("cluster-admin"),
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*"), ["verbs"] = new JsonArray("*") }) });
        Add("rbac.authorization.k8s.io/v1/clusterrolebindings", new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRoleBinding", ["metadata"] = Meta("ops-admin"),
            ["roleRef"] = new JsonObject { ["kind"] = "ClusterRole", ["name"] = "cluster-admin" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "app-0", ["namespace"] = "ns-7" }) });
        for (var n = 0; n < 20; n++)
        {
            Add("v1/nodes", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = Meta($"node-{n}"), ["status"] = new JsonObject { ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = n % 4 == 0 ? "v1.33.2" : "v1.34.1" } } });
        }
        for (var ns = 0; ns < namespaces; ns++)
        {
            var name = $"ns-{ns}";
            Add("v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = Meta(name) });
            for (var a = 0; a < 5; a++)
            {
                Add("v1/serviceaccounts", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = Meta($"app-{a}", name) });
            }
            for (var d = 0; d < podsPerNamespace / 5; d++)
            {
                Add("apps/v1/deployments", new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = Meta($"app-{d}", name),
                    ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = PodSpec(d) } } });
                Add("apps/v1/replicasets", new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["metadata"] = Meta($"app-{d}-5d8f", name, ("Deployment", $"app-{d}")),
                    ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = PodSpec(d) } } });
                for (var p = 0; p < 5; p++)
                {
                    Add("v1/pods", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = Meta($"app-{d}-5d8f-{p}", name, ("ReplicaSet", $"app-{d}-5d8f")), ["spec"] = PodSpec(d) });
                }
            }
            for (var b = 0; b < bindingsPerNamespace; b++)
            {
                Add("rbac.authorization.k8s.io/v1/rolebindings", new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "RoleBinding", ["metadata"] = Meta($"binding-{b}", name),
                    ["roleRef"] = new JsonObject { ["kind"] = "ClusterRole", ["name"] = Roles[b % 4] },
                    ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = $"user-{(ns * bindingsPerNamespace + b) % 300}" }) });
            }
        }
        return new ClusterSnapshot(ClusterSnapshot.CurrentFormat, "https://bench", "bench", DateTimeOffset.UnixEpoch, new ServerVersion("v1.34.1", "linux/amd64"),
            [.. resources.Select(r => new ResourceItems(r.Key, r.Value.Kind, r.Value.Items))], [], []);
    }
}
