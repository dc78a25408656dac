using System.Text.Json;

namespace Palisade.Audit.Events;

/// <summary>
/// GKE's audit log entries (Cloud Logging LogEntry with a google.cloud.audit.AuditLog protoPayload from service
/// "k8s.io") rewritten as the Kubernetes audit Event they describe, so the same rules apply: the verb is the last part
/// of methodName, resourceName gives group, namespace, resource, name and subresource, principalEmail the user,
/// callerIp the source, the entry's labels the annotations (authorization.k8s.io/decision …), the gRPC status the
/// HTTP code, request and response the objects. Groups are not in GKE's entries.
/// </summary>
public static class GkeAuditLog
{
    public static bool IsEntry(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("protoPayload", out var payload) && payload.ValueKind == JsonValueKind.Object
        && Text(payload, "serviceName") == "k8s.io" && Text(payload, "methodName") is { Length: > 0 };

    /// <summary>A Cloud Audit Logs entry of another Google service (the GKE API itself, IAM…): not a Kubernetes event.</summary>
    public static bool IsOtherService(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("protoPayload", out var payload) && payload.ValueKind == JsonValueKind.Object
        && Text(payload, "serviceName") is { } service && service != "k8s.io";

    /// <summary>The audit Event (audit.k8s.io/v1) for a GKE entry, as UTF-8 JSON.</summary>
    public static byte[] ToEvent(JsonElement entry)
    {
        var payload = entry.GetProperty("protoPayload");
        var method = Text(payload, "methodName")!;
        var verb = method[(method.LastIndexOf('.') + 1)..];
        var (group, version, ns, resource, name, subresource) = Resource(Text(payload, "resourceName") ?? "");
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "Event");
            json.WriteString("apiVersion", "audit.k8s.io/v1");
            json.WriteString("level", payload.TryGetProperty("request", out _) ? "Request" : "Metadata");
            json.WriteString("auditID", entry.TryGetProperty("operation", out var operation) && Text(operation, "id") is { } id ? id : Text(entry, "insertId") ?? "");
            json.WriteString("stage", "ResponseComplete");
            json.WriteString("requestURI", "/" + (Text(payload, "resourceName") ?? ""));
            json.WriteString("verb", verb);
            json.WriteStartObject("user");
            json.WriteString("username", payload.TryGetProperty("authenticationInfo", out var authentication) ? Text(authentication, "principalEmail") ?? "" : "");
            json.WriteEndObject();
            if (payload.TryGetProperty("requestMetadata", out var metadata))
            {
                if (Text(metadata, "callerIp") is { } ip)
                {
                    json.WriteStartArray("sourceIPs");
                    json.WriteStringValue(ip);
                    json.WriteEndArray();
                }
                if (Text(metadata, "callerSuppliedUserAgent") is { } agent)
                {
                    json.WriteString("userAgent", agent);
                }
            }
            if (resource.Length > 0)
            {
                json.WriteStartObject("objectRef");
                json.WriteString("resource", resource);
                WriteIfAny(json, "namespace", ns);
                WriteIfAny(json, "name", name);
                WriteIfAny(json, "subresource", subresource);
                WriteIfAny(json, "apiGroup", group);
                WriteIfAny(json, "apiVersion", version);
                json.WriteEndObject();
            }
            json.WriteStartObject("responseStatus");
            json.WriteNumber("code", HttpCode(payload));
            json.WriteEndObject();
            if (Text(entry, "timestamp") is { } time)
            {
                json.WriteString("requestReceivedTimestamp", time);
                json.WriteString("stageTimestamp", time);
            }
            if (entry.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object)
            {
                json.WritePropertyName("annotations");
                labels.WriteTo(json);
            }
            foreach (var (from, to) in new[] { ("request", "requestObject"), ("response", "responseObject") })
            {
                if (payload.TryGetProperty(from, out var body) && body.ValueKind == JsonValueKind.Object)
                {
                    json.WritePropertyName(to);
                    body.WriteTo(json);
                }
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>"core/v1/namespaces/default/pods/web/exec" → ("", v1, default, pods, web, exec).</summary>
    private static (string Group, string Version, string Namespace, string Resource, string Name, string Subresource) Resource(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            return ("", "", "", "", "", "");
        }
        var group = parts[0] == "core" ? "" : parts[0];
        string ns = "";
        string[] rest;
        if (parts[2] == "namespaces" && parts.Length >= 5)
        {
            ns = parts[3];
            rest = parts[4..];
        }
        else
        {
            rest = parts[2..];
        }
        return (group, parts[1], ns, rest[0], rest.Length > 1 ? rest[1] : "", rest.Length > 2 ? rest[2] : "");
    }

    /// <summary>The HTTP status the API server answered, from the google.rpc code GKE records.</summary>
    private static int HttpCode(JsonElement payload) =>
        payload.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object && status.TryGetProperty("code", out var code) && code.TryGetInt32(out var value)
            ? value switch
            {
                0 => 200,
                3 => 400,
                5 => 404,
                6 => 409,
                7 => 403,
                16 => 401,
                8 => 429,
                _ => 500,
            }
            : 200;

    private static void WriteIfAny(Utf8JsonWriter json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
