using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Findings;

namespace Palisade.Audit.Shipping;

/// <summary>
/// An alert in Elastic Common Schema: event.kind alert, rule.*, threat.technique.*, user, source, kubernetes fields
/// and the original audit event. Its id is derived from the audit event and the rule, so sending it twice stores it once.
/// </summary>
public sealed record AlertDocument(string Id, string Json)
{
    public static AlertDocument From(Finding finding, JsonElement auditEvent)
    {
        string? Text(JsonElement element, params string[] path)
        {
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return null;
                }
            }
            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }
        var auditId = Text(auditEvent, "auditID") ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(auditEvent.GetRawText())))[..32];
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{auditId}|{finding.Check.Id}|{Text(auditEvent, "stage")}")))[..40];
        var document = new JsonObject
        {
            ["@timestamp"] = Text(auditEvent, "stageTimestamp") ?? Text(auditEvent, "requestReceivedTimestamp") ?? Text(auditEvent, "timestamp"),
            ["message"] = finding.Message,
            ["event"] = new JsonObject
            {
                ["kind"] = "alert",
                ["category"] = new JsonArray("configuration", "iam"),
                ["severity"] = (int)finding.Severity,
                ["dataset"] = "kubernetes.audit",
                ["id"] = auditId,
                ["original"] = auditEvent.GetRawText(),
            },
            ["rule"] = new JsonObject
            {
                ["id"] = finding.Check.Id.Value,
                ["name"] = finding.Check.Title,
                ["description"] = finding.Check.Description,
                ["category"] = finding.Group,
                ["ruleset"] = "palisade",
            },
            ["threat"] = new JsonObject
            {
                ["framework"] = "MITRE ATT&CK",
                ["technique"] = new JsonObject
                {
                    ["id"] = new JsonArray([.. finding.Check.Mitre.Select(m => (JsonNode)m.Id)]),
                    ["name"] = new JsonArray([.. finding.Check.Mitre.Select(m => (JsonNode)m.Name)]),
                },
            },
            ["user"] = new JsonObject { ["name"] = Text(auditEvent, "user", "username") },
            ["source"] = new JsonObject
            {
                ["ip"] = auditEvent.TryGetProperty("sourceIPs", out var ips) && ips.ValueKind == JsonValueKind.Array && ips.GetArrayLength() > 0 ? ips[0].GetString() : null,
            },
            ["user_agent"] = new JsonObject { ["original"] = Text(auditEvent, "userAgent") },
            ["kubernetes"] = new JsonObject
            {
                ["namespace"] = Text(auditEvent, "objectRef", "namespace"),
                ["resource"] = Text(auditEvent, "objectRef", "resource"),
                ["name"] = Text(auditEvent, "objectRef", "name"),
                ["verb"] = Text(auditEvent, "verb"),
            },
        };
        return new AlertDocument(id, document.ToJsonString());
    }
}
