using System.Text.Json;

namespace Palisade.Operator.Images;

/// <summary>
/// An image a pod runs, by digest (what the kubelet reports as imageID, the tag resolved), with the pull secrets of
/// the pod's namespace that may be needed to fetch it.
/// </summary>
public sealed record RunningImage(string Reference, string Digest, string Namespace, IReadOnlyList<string> PullSecrets)
{
    /// <summary>The images of a pod's containers whose digests are known (init and ephemeral containers included).</summary>
    public static IReadOnlyList<RunningImage> Of(JsonElement pod)
    {
        var ns = pod.GetProperty("metadata").TryGetProperty("namespace", out var n) ? n.GetString() ?? "default" : "default";
        var secrets = pod.TryGetProperty("spec", out var spec) && spec.TryGetProperty("imagePullSecrets", out var pulls) && pulls.ValueKind == JsonValueKind.Array
            ? pulls.EnumerateArray().Select(p => p.TryGetProperty("name", out var name) ? name.GetString() : null).OfType<string>().ToList()
            : [];
        var images = new List<RunningImage>();
        if (!pod.TryGetProperty("status", out var status))
        {
            return images;
        }
        foreach (var field in new[] { "initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses" })
        {
            if (!status.TryGetProperty(field, out var statuses) || statuses.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var container in statuses.EnumerateArray())
            {
                if (container.TryGetProperty("imageID", out var id) && Parse(id.GetString()) is { } reference)
                {
                    images.Add(new RunningImage(reference, reference[(reference.IndexOf('@', StringComparison.Ordinal) + 1)..], ns, secrets));
                }
            }
        }
        return images;
    }

    /// <summary>"docker-pullable://nginx@sha256:…" or "docker.io/library/nginx@sha256:…" → "docker.io/library/nginx@sha256:…"; a bare config digest (no repository) cannot be pulled and is skipped.</summary>
    private static string? Parse(string? imageId)
    {
        if (imageId is null)
        {
            return null;
        }
        var schemeEnd = imageId.IndexOf("://", StringComparison.Ordinal);
        var reference = schemeEnd >= 0 ? imageId[(schemeEnd + 3)..] : imageId;
        var at = reference.IndexOf("@sha256:", StringComparison.Ordinal);
        return at > 0 && reference.Length - at == 8 + 64 && reference[(at + 8)..].All(char.IsAsciiHexDigitLower) ? reference : null;
    }
}
