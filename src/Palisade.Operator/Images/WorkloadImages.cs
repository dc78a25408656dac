using System.Text.Json;
using Palisade.Operator.Watching;

namespace Palisade.Operator.Images;

/// <summary>A workload as reports name it: namespace, kind and name.</summary>
public sealed record WorkloadKey(string Namespace, string Kind, string Name);

/// <summary>
/// Which image digests each workload runs, learned from its pods' statuses: a pod belongs to its controller, and a
/// ReplicaSet or Job to its own controller (a Deployment, a CronJob) when it has one. Owners are resolved when asked,
/// so pods and their owners may arrive in any order. Thread-safe.
/// </summary>
public sealed class WorkloadImages
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Namespace, string Kind, string Name), (string Kind, string Name)> _controllers = [];
    private readonly Dictionary<(string Namespace, string Name), ((string Kind, string Name)? Controller, IReadOnlyList<string> Digests)> _pods = [];

    /// <summary>Records (or forgets) a ReplicaSet's or Job's controller.</summary>
    public void ObserveOwner(WatchEvent change)
    {
        lock (_gate)
        {
            var key = (change.Namespace, change.Resource.Kind, change.Name);
            if (change.Type == WatchEventType.Deleted || Controller(change.Object) is not { } controller)
            {
                _controllers.Remove(key);
            }
            else
            {
                _controllers[key] = controller;
            }
        }
    }

    /// <summary>Records a pod's images; returns its workload when that workload's set of digests changed.</summary>
    public WorkloadKey? ObservePod(WatchEvent change, IReadOnlyList<RunningImage> images)
    {
        lock (_gate)
        {
            var key = (change.Namespace, change.Name);
            var before = _pods.TryGetValue(key, out var old) ? DigestsOfLocked(WorkloadOfLocked(change.Namespace, change.Name, old.Controller)) : [];
            var controller = Controller(change.Object);
            if (change.Type == WatchEventType.Deleted)
            {
                _pods.Remove(key);
            }
            else
            {
                _pods[key] = (controller, [.. images.Select(i => i.Digest).Distinct().Order(StringComparer.Ordinal)]);
            }
            var workload = WorkloadOfLocked(change.Namespace, change.Name, controller);
            var after = DigestsOfLocked(workload);
            return before.SequenceEqual(after) ? null : workload;
        }
    }

    public IReadOnlyList<string> DigestsOf(WorkloadKey workload)
    {
        lock (_gate)
        {
            return DigestsOfLocked(workload);
        }
    }

    public IReadOnlyList<WorkloadKey> WorkloadsRunning(string digest)
    {
        lock (_gate)
        {
            return [.. _pods.Where(p => p.Value.Digests.Contains(digest)).Select(p => WorkloadOfLocked(p.Key.Namespace, p.Key.Name, p.Value.Controller)).Distinct()];
        }
    }

    private List<string> DigestsOfLocked(WorkloadKey workload) =>
        [.. _pods.Where(p => WorkloadOfLocked(p.Key.Namespace, p.Key.Name, p.Value.Controller) == workload).SelectMany(p => p.Value.Digests).Distinct().Order(StringComparer.Ordinal)];

    private WorkloadKey WorkloadOfLocked(string ns, string pod, (string Kind, string Name)? controller)
    {
        if (controller is not { } owner)
        {
            return new WorkloadKey(ns, "Pod", pod);
        }
        return _controllers.TryGetValue((ns, owner.Kind, owner.Name), out var top) ? new WorkloadKey(ns, top.Kind, top.Name) : new WorkloadKey(ns, owner.Kind, owner.Name);
    }

    public static (string Kind, string Name)? Controller(JsonElement obj)
    {
        if (!obj.TryGetProperty("metadata", out var metadata) || !metadata.TryGetProperty("ownerReferences", out var owners) || owners.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var owner in owners.EnumerateArray())
        {
            if (owner.TryGetProperty("controller", out var c) && c.ValueKind == JsonValueKind.True)
            {
                return (owner.GetProperty("kind").GetString() ?? "", owner.GetProperty("name").GetString() ?? "");
            }
        }
        return null;
    }
}
