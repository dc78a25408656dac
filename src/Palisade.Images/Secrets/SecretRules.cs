using System.Text.RegularExpressions;
using Palisade.Core.Findings;

namespace Palisade.Images.Secrets;

/// <summary>The secrets looked for in image files, labels and history; one rule per kind, each its own check.</summary>
public static partial class SecretRules
{
    private static CheckInfo Check(string id, string title, Severity severity, string description, string remediation) => new()
    {
        Id = CheckId.Parse("image.secret." + id),
        Title = title,
        Severity = severity,
        Description = description,
        Remediation = remediation + " Anything that was in a layer is readable by everyone who can pull the image, even if a later layer deletes it: rotate it.",
        Mitre = CheckInfo.Techniques("T1552.001"),
    };

    private const string RemoveFromBuild = "Remove the file from the build context (use .dockerignore, multi-stage builds or BuildKit secret mounts) and rebuild.";

    public static IReadOnlyList<SecretRule> All { get; } =
    [
        new(Check("private-key", "Private key in an image layer", Severity.High,
            "A PEM or OpenSSH private key is stored in the image; whoever pulls the image holds the key.", RemoveFromBuild), PrivateKey())
            { Keywords = ["PRIVATE KEY"] },
        new(Check("aws-access-key", "AWS access key in an image layer", Severity.Critical,
            "An AWS access key id, usually with its secret access key, is stored in the image.", RemoveFromBuild + " Deactivate the key in IAM."), AwsKey())
            { Keywords = ["AKIA", "ASIA", "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY"] },
        new(Check("gcp-service-account", "GCP service-account key in an image layer", Severity.Critical,
            "A Google Cloud service-account JSON key (type service_account with a private key) is stored in the image.", RemoveFromBuild + " Delete the key in IAM."), GcpKey())
            { Keywords = ["service_account"] },
        new(Check("azure-connection-string", "Azure storage or service-bus key in an image layer", Severity.Critical,
            "An Azure connection string with an account or shared access key is stored in the image.", RemoveFromBuild + " Regenerate the key."), AzureConnectionString())
            { Keywords = ["AccountKey=", "SharedAccessKey="] },
        new(Check("github-token", "GitHub token in an image layer", Severity.Critical,
            "A GitHub personal access, OAuth, app or fine-grained token is stored in the image.", RemoveFromBuild + " Revoke the token on GitHub."), GitHubToken())
            { Keywords = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"] },
        new(Check("gitlab-token", "GitLab token in an image layer", Severity.Critical,
            "A GitLab personal, project or deploy token is stored in the image.", RemoveFromBuild + " Revoke the token in GitLab."), GitLabToken())
            { Keywords = ["glpat-", "gldt-", "glrt-"] },
        new(Check("slack-token", "Slack token or webhook in an image layer", Severity.High,
            "A Slack API token or incoming-webhook URL is stored in the image.", RemoveFromBuild + " Revoke it in Slack."), SlackToken())
            { Keywords = ["xox", "hooks.slack.com"] },
        new(Check("kubeconfig-credentials", "Kubeconfig with credentials in an image layer", Severity.Critical,
            "A kubeconfig that embeds a client key, token or password is stored in the image: it grants cluster access to whoever pulls it.",
            RemoveFromBuild + " Revoke the credential (delete the token's Secret or re-issue the client certificate)."), KubeconfigCredential())
            { Keywords = ["client-key-data", "token:", "password:"], AppliesTo = path => path.EndsWith("/config", StringComparison.Ordinal) && path.Contains("/.kube/", StringComparison.Ordinal) || path.EndsWith("kubeconfig", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".kubeconfig", StringComparison.OrdinalIgnoreCase) },
        new(Check("docker-config-auth", "Registry credentials in a Docker config", Severity.Critical,
            "A .docker/config.json with an embedded auth entry (base64 user:password) is stored in the image.", RemoveFromBuild + " Change the registry password or token."), DockerAuth())
            { Keywords = ["\"auth\""], AppliesTo = path => path.EndsWith("/.docker/config.json", StringComparison.Ordinal) || path.EndsWith("/.dockercfg", StringComparison.Ordinal) },
        new(Check("password-assignment", "Password assigned in a configuration file", Severity.Medium,
            "A configuration file assigns a literal password or secret, which every puller of the image can read.", "Read the value from the environment or a mounted Secret at run time, and rebuild."), PasswordAssignment())
            { Keywords = ["pass", "PASS", "secret", "SECRET", "Pass", "Secret"], AppliesTo = IsConfigFile, Accept = value => !IsPlaceholder(value) },
    ];

    private static bool IsConfigFile(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name is ".env" or ".netrc" or ".pgpass" or "credentials" or ".git-credentials" or ".npmrc" or ".pypirc"
            || name.EndsWith(".conf", StringComparison.Ordinal) || name.EndsWith(".cfg", StringComparison.Ordinal) || name.EndsWith(".ini", StringComparison.Ordinal)
            || name.EndsWith(".env", StringComparison.Ordinal) || name.EndsWith(".properties", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal)
            || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".toml", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)
            || name.EndsWith(".xml", StringComparison.Ordinal);
    }

    private static bool IsPlaceholder(string value) =>
        value.StartsWith('$') || value.StartsWith('%') || value.StartsWith('<') || value.StartsWith('{') || value.StartsWith('/')
        || value.Contains("changeme", StringComparison.OrdinalIgnoreCase) || value.Contains("example", StringComparison.OrdinalIgnoreCase)
        || value.Contains("xxxx", StringComparison.OrdinalIgnoreCase) || value.Contains("****", StringComparison.Ordinal)
        || value.Equals("password", StringComparison.OrdinalIgnoreCase) || value.Equals("secret", StringComparison.OrdinalIgnoreCase)
        || value is "null" or "none" or "None" or "true" or "false" or "required" or "optional" || value.All(c => c == value[0]);

    [GeneratedRegex(@"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |)PRIVATE KEY(?: BLOCK)?-----(?<secret>[\s\S]{16,8192}?)-----END", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Z0-9])(?<secret>(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z2-7]{16})(?![A-Z0-9])|(?i:aws_?secret_?access_?key)\s*[=:]\s*[""']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"""type""\s*:\s*""service_account""[\s\S]{0,4096}?""private_key""\s*:\s*""(?<secret>-----BEGIN[^""]{32,})""|""private_key""\s*:\s*""(?<secret>-----BEGIN[^""]{32,})""[\s\S]{0,4096}?""type""\s*:\s*""service_account""", RegexOptions.CultureInvariant)]
    private static partial Regex GcpKey();

    [GeneratedRegex(@"(?:AccountKey|SharedAccessKey)=(?<secret>[A-Za-z0-9+/]{40,}={0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex AzureConnectionString();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?<secret>gl(?:pat|dt|rt)-[A-Za-z0-9_-]{20,})", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"(?<secret>xox[baprs]-[0-9A-Za-z-]{10,}|https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"^\s*(?:client-key-data|token|password)\s*:\s*[""']?(?<secret>[^\s""']{8,})", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex KubeconfigCredential();

    [GeneratedRegex(@"""auth""\s*:\s*""(?<secret>[A-Za-z0-9+/]{8,}={0,2})""", RegexOptions.CultureInvariant)]
    private static partial Regex DockerAuth();

    [GeneratedRegex(@"(?im)^[ \t]*[""']?[A-Za-z0-9_.-]*(?:password|passwd|secret|secret_?key|client_?secret)[""']?[ \t]*[=:][ \t]*[""']?(?<secret>[^\s""'#;,]{6,})", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordAssignment();
}
