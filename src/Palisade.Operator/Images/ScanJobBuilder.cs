using System.Text.Json.Nodes;

namespace Palisade.Operator.Images;

/// <summary>
/// The Job that scans one image digest: the release image running <c>palisade scan image REF@DIGEST --format json</c>,
/// restricted Pod Security, resource limits, a deadline, no retries of its own (the operator retries with back-off),
/// and cleanup by ttlSecondsAfterFinished. Registry credentials, when the pod had pull secrets, come from a Secret the
/// operator copies into its namespace, mounted read-only.
/// </summary>
public static class ScanJobBuilder
{
    public const string DigestLabel = "palisade.dev/image-digest";

    /// <summary>40 hex digits of the digest (160 bits: no two images collide) keep the name within the 63 characters a Job's pods are labelled with.</summary>
    public static string NameFor(string digest, int attempt) => $"palisade-scan-{digest["sha256:".Length..][..40]}-{attempt}";

    public static JsonObject Build(RunningImage image, int attempt, string? credentialsSecret, ScanJobOptions options)
    {
        var name = NameFor(image.Digest, attempt);
        var args = new JsonArray("scan", "image", image.Reference, "--format", "json", "--quiet", "--scanners", "vuln,config,secret");
        if (options.Server is { } server)
        {
            args.Add((JsonNode)"--server");
            args.Add((JsonNode)server);
        }
        var mounts = new JsonArray(new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" });
        var volumes = new JsonArray(new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject { ["sizeLimit"] = "2Gi" } });
        var env = new JsonArray(new JsonObject { ["name"] = "XDG_CACHE_HOME", ["value"] = "/tmp/cache" });
        if (credentialsSecret is not null)
        {
            mounts.Add((JsonNode)new JsonObject { ["name"] = "registry", ["mountPath"] = "/var/run/palisade/registry", ["readOnly"] = true });
            volumes.Add((JsonNode)new JsonObject
            {
                ["name"] = "registry",
                ["secret"] = new JsonObject { ["secretName"] = credentialsSecret, ["items"] = new JsonArray(new JsonObject { ["key"] = ".dockerconfigjson", ["path"] = "config.json" }) },
            });
            env.Add((JsonNode)new JsonObject { ["name"] = "DOCKER_CONFIG", ["value"] = "/var/run/palisade/registry" });
        }
        var labels = new JsonObject
        {
            ["app.kubernetes.io/managed-by"] = "palisade",
            ["app.kubernetes.io/component"] = "image-scan",
            [DigestLabel] = image.Digest["sha256:".Length..][..63],
        };
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = options.Namespace, ["labels"] = labels },
            ["spec"] = new JsonObject
            {
                ["backoffLimit"] = 0,
                ["ttlSecondsAfterFinished"] = options.TtlSecondsAfterFinished,
                ["activeDeadlineSeconds"] = options.ActiveDeadlineSeconds,
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["serviceAccountName"] = options.ServiceAccount,
                        ["automountServiceAccountToken"] = false,
                        ["securityContext"] = new JsonObject
                        {
                            ["runAsNonRoot"] = true, ["runAsUser"] = 65532, ["runAsGroup"] = 65532,
                            ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
                        },
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "scan",
                            ["image"] = options.Image,
                            ["args"] = args,
                            ["env"] = env,
                            ["resources"] = new JsonObject
                            {
                                ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "256Mi" },
                                ["limits"] = new JsonObject { ["cpu"] = options.CpuLimit, ["memory"] = options.MemoryLimit },
                            },
                            ["securityContext"] = new JsonObject
                            {
                                ["allowPrivilegeEscalation"] = false, ["readOnlyRootFilesystem"] = true, ["runAsNonRoot"] = true,
                                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                            },
                            ["volumeMounts"] = mounts,
                        }),
                        ["volumes"] = volumes,
                    },
                },
            },
        };
    }
}
