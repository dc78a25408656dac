using Palisade.Core.Yaml;

namespace Palisade.Audit.Policy;

public enum AuditLevel
{
    None = 0,
    Metadata = 1,
    Request = 2,
    RequestResponse = 3,
}

/// <summary>A request the grader asks the policy about: who, what verb, which resource (or non-resource URL).</summary>
public sealed record ProbeRequest(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Url = null)
{
    public string User { get; init; } = "alice";
    public IReadOnlyList<string> Groups { get; init; } = ["system:authenticated"];

    public override string ToString() => Url ?? $"{Verb} {(Group.Length == 0 ? "" : Group + "/")}{Resource}{(Subresource is null ? "" : "/" + Subresource)}";
}

/// <summary>One rule of an audit Policy, matched the way the API server's policy checker does.</summary>
public sealed record PolicyRule(int Number, int Line, AuditLevel Level, IReadOnlyList<string> Users, IReadOnlyList<string> UserGroups, IReadOnlyList<string> Verbs,
    IReadOnlyList<(string Group, IReadOnlyList<string> Resources)> Resources, IReadOnlyList<string> Namespaces, IReadOnlyList<string> NonResourceUrls, IReadOnlyList<string> OmitStages)
{
    public bool Matches(ProbeRequest request)
    {
        if (Users.Count > 0 && !Users.Contains(request.User))
        {
            return false;
        }
        if (UserGroups.Count > 0 && !request.Groups.Any(UserGroups.Contains))
        {
            return false;
        }
        if (Verbs.Count > 0 && !Verbs.Contains(request.Verb))
        {
            return false;
        }
        if (request.Url is { } url)
        {
            // A rule about resources (or namespaces) never matches a non-resource request.
            return Resources.Count == 0 && Namespaces.Count == 0
                && (NonResourceUrls.Count == 0 || NonResourceUrls.Any(p => p == url || (p.EndsWith('*') && url.StartsWith(p[..^1], StringComparison.Ordinal))));
        }
        if (NonResourceUrls.Count > 0)
        {
            return false;
        }
        if (Namespaces.Count > 0 && !Namespaces.Contains(request.Namespace ?? ""))
        {
            return false;
        }
        if (Resources.Count == 0)
        {
            return true;
        }
        var full = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        return Resources.Any(r => r.Group == request.Group && (r.Resources.Count == 0 || r.Resources.Any(name =>
            name == "*" || name == full || (request.Subresource is null && name == request.Resource)
            || (name.EndsWith("/*", StringComparison.Ordinal) && request.Subresource is not null && name[..^2] == request.Resource)
            || (name.StartsWith("*/", StringComparison.Ordinal) && request.Subresource is not null && name[2..] == request.Subresource))));
    }
}

/// <summary>An audit.k8s.io Policy: global omitStages and the ordered rules (first match wins).</summary>
public sealed record AuditPolicy(IReadOnlyList<string> OmitStages, IReadOnlyList<PolicyRule> Rules)
{
    /// <summary>The level and rule the API server would apply; no matching rule means the request is not logged.</summary>
    public (AuditLevel Level, PolicyRule? Rule) Evaluate(ProbeRequest request)
    {
        var rule = Rules.FirstOrDefault(r => r.Matches(request));
        return (rule?.Level ?? AuditLevel.None, rule);
    }

    public static AuditPolicy Parse(string text, string file)
    {
        var outcome = new StructuredText(DocumentLimits.Default).Parse(text, file);
        if (outcome.Errors.Count > 0)
        {
            throw new InvalidDataException($"{file}:{outcome.Errors[0].Line}: {outcome.Errors[0].Message}");
        }
        if (outcome.Documents.FirstOrDefault()?.Root is not YamlMapping root || root.Str("kind") != "Policy")
        {
            throw new InvalidDataException($"{file}: not an audit Policy (kind: Policy)");
        }
        var rules = new List<PolicyRule>();
        var number = 0;
        foreach (var rule in root.Maps("rules"))
        {
            number++;
            var levelText = rule.Str("level") ?? throw new InvalidDataException($"{file}:{rule.Start.Line}: rule {number} has no level");
            if (!Enum.TryParse<AuditLevel>(levelText, out var level))
            {
                throw new InvalidDataException($"{file}:{rule.Start.Line}: rule {number}: unknown level '{levelText}'");
            }
            rules.Add(new PolicyRule(number, rule.Start.Line, level, [.. rule.Strings("users")], [.. rule.Strings("userGroups")], [.. rule.Strings("verbs")],
                [.. rule.Maps("resources").Select(r => (r.Str("group") ?? "", (IReadOnlyList<string>)[.. r.Strings("resources")]))],
                [.. rule.Strings("namespaces")], [.. rule.Strings("nonResourceURLs")], [.. rule.Strings("omitStages")]));
        }
        return new AuditPolicy([.. root.Strings("omitStages")], rules);
    }
}
