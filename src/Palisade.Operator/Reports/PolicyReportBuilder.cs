using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Palisade.Core.Findings;
using Palisade.Operator.Images;

namespace Palisade.Operator.Reports;

/// <summary>The object a report is about: its API version, kind, namespace (null when cluster-scoped), name and uid.</summary>
public sealed record ReportScope(string ApiVersion, string Kind, string? Namespace, string Name, string Uid);

/// <summary>
/// Findings as a Policy Working Group report (wgpolicyk8s.io/v1alpha2), the format Policy Reporter and Kyverno's
/// tooling read: PolicyReport for a namespaced object, ClusterPolicyReport for a cluster-scoped one, owned by the
/// object so it goes when the object goes. Check and ATT&amp;CK ids are result properties; a report holds at most
/// <see cref="MaxResults"/> results (the rest are counted in a last result), well under the API server's object size.
/// </summary>
public static class PolicyReportBuilder
{
    public const string ApiVersion = "wgpolicyk8s.io/v1alpha2";
    public const int MaxResults = 500;
    public const string DigestAnnotation = "palisade.dev/results-digest";

    /// <summary>Findings listed per image; the rest are counted by severity in one more result, with the command that lists them all.</summary>
    public const int MaxResultsPerImage = 50;

    public static string NameFor(ReportScope scope) =>
        $"palisade-{scope.Kind.ToLowerInvariant()}-{scope.Name}" is var name && name.Length <= 253 ? name : name[..240] + "-" + Hash(name)[..12];

    public static JsonObject Build(ReportScope scope, IReadOnlyList<Finding> findings, DateTimeOffset now) => Build(scope, findings, [], now);

    /// <param name="images">The scans of the images the workload runs: their findings (bounded) or why they failed.</param>
    public static JsonObject Build(ReportScope scope, IReadOnlyList<Finding> findings, IReadOnlyList<ImageScanState> images, DateTimeOffset now)
    {
        var results = new JsonArray();
        var imageResults = ImageResults(images);
        foreach (var finding in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Check.Id.Value, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal).Take(MaxResults))
        {
            var properties = new JsonObject
            {
                ["check"] = finding.Check.Id.Value,
                ["attack"] = string.Join(",", finding.Check.Mitre.Select(m => m.Id)),
            };
            if (finding.Target.Container is { } container)
            {
                properties["container"] = container;
            }
            if (finding.Check.Frameworks.Count > 0)
            {
                properties["frameworks"] = string.Join("; ", finding.Check.Frameworks.Select(f => f.ToString()));
            }
            results.Add((JsonNode)new JsonObject
            {
                ["source"] = "palisade",
                ["policy"] = finding.Check.Id.Value,
                ["rule"] = finding.Check.Title,
                ["category"] = Category(finding.Check),
                ["severity"] = finding.Severity == Severity.Info ? "info" : finding.Severity.ToString().ToLowerInvariant(),
                ["result"] = "fail",
                ["scored"] = true,
                ["message"] = finding.Message,
                ["properties"] = properties,
            });
        }
        if (findings.Count > MaxResults)
        {
            results.Add((JsonNode)new JsonObject
            {
                ["source"] = "palisade",
                ["policy"] = "palisade.truncated",
                ["result"] = "warn",
                ["message"] = $"{findings.Count - MaxResults} more findings not listed: run palisade scan cluster for all of them",
            });
        }
        // The digest leaves the time out, so an unchanged object's report is not rewritten.
        foreach (var result in imageResults)
        {
            results.Add((JsonNode)result);
        }
        var digest = Hash(results.ToJsonString());
        foreach (var result in results.OfType<JsonObject>())
        {
            result["timestamp"] = new JsonObject { ["seconds"] = now.ToUnixTimeSeconds(), ["nanos"] = 0 };
        }
        var metadata = new JsonObject
        {
            ["name"] = NameFor(scope),
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "palisade" },
            ["annotations"] = new JsonObject { [DigestAnnotation] = digest },
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = scope.ApiVersion, ["kind"] = scope.Kind, ["name"] = scope.Name, ["uid"] = scope.Uid,
            }),
        };
        if (scope.Namespace is not null)
        {
            metadata["namespace"] = scope.Namespace;
        }
        var scopeRef = new JsonObject { ["apiVersion"] = scope.ApiVersion, ["kind"] = scope.Kind, ["name"] = scope.Name, ["uid"] = scope.Uid };
        if (scope.Namespace is not null)
        {
            scopeRef["namespace"] = scope.Namespace;
        }
        return new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = scope.Namespace is null ? "ClusterPolicyReport" : "PolicyReport",
            ["metadata"] = metadata,
            ["scope"] = scopeRef,
            ["summary"] = new JsonObject
            {
                ["pass"] = 0,
                ["fail"] = results.Count(r => r!["result"]!.GetValue<string>() == "fail"),
                ["warn"] = results.Count(r => r!["result"]!.GetValue<string>() == "warn"),
                ["error"] = results.Count(r => r!["result"]!.GetValue<string>() == "error"),
                ["skip"] = 0,
            },
            ["results"] = results,
        };
    }

    private static List<JsonObject> ImageResults(IReadOnlyList<ImageScanState> images)
    {
        var results = new List<JsonObject>();
        foreach (var image in images.OrderBy(i => i.Image.Reference, StringComparer.Ordinal))
        {
            if (image.Status == ImageScanStatus.Failed)
            {
                results.Add(new JsonObject
                {
                    ["source"] = "palisade",
                    ["policy"] = "palisade.image-scan",
                    ["rule"] = "Image scan",
                    ["category"] = "Images",
                    ["result"] = "error",
                    ["message"] = $"{image.Image.Reference}: {image.Problem}",
                    ["properties"] = new JsonObject { ["image"] = image.Image.Reference },
                });
                continue;
            }
            if (image.Status != ImageScanStatus.Done)
            {
                continue;
            }
            var ordered = image.Findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Check.Id.Value, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal).ToList();
            foreach (var finding in ordered.Take(MaxResultsPerImage))
            {
                results.Add(new JsonObject
                {
                    ["source"] = "palisade",
                    ["policy"] = finding.Vulnerability?.Id ?? finding.Check.Id.Value,
                    ["rule"] = finding.Check.Title,
                    ["category"] = "Images",
                    ["severity"] = finding.Severity == Severity.Info ? "info" : finding.Severity.ToString().ToLowerInvariant(),
                    ["result"] = "fail",
                    ["scored"] = true,
                    ["message"] = finding.Message,
                    ["properties"] = new JsonObject
                    {
                        ["check"] = finding.Check.Id.Value,
                        ["attack"] = string.Join(",", finding.Check.Mitre.Select(m => m.Id)),
                        ["image"] = image.Image.Reference,
                    },
                });
            }
            if (ordered.Count > MaxResultsPerImage)
            {
                var rest = ordered.Skip(MaxResultsPerImage).GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
                results.Add(new JsonObject
                {
                    ["source"] = "palisade",
                    ["policy"] = "palisade.image-findings-not-listed",
                    ["category"] = "Images",
                    ["result"] = "warn",
                    ["message"] = $"{ordered.Count - MaxResultsPerImage} more findings for {image.Image.Reference} ({string.Join(", ", rest)}): palisade scan image {image.Image.Reference} lists them all",
                    ["properties"] = new JsonObject { ["image"] = image.Image.Reference },
                });
            }
        }
        return results;
    }

    private static string Category(CheckInfo check) => check.Id.Value.Split('.')[0] switch
    {
        "pod" => "Pod Security",
        "container" => "Workload hardening",
        "workload" => "Workload hardening",
        "rbac" => "RBAC",
        "service" or "ingress" => "Network exposure",
        "vap" or "custom" => "Policies",
        var other => other,
    };

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToString(CultureInfo.InvariantCulture);
}
