using System.Text.RegularExpressions;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed partial class SecretInEnvCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.secret-in-env"),
        Title = "Credential as a literal environment value",
        Severity = Severity.High,
        Description = "A credential written into the manifest is readable by anyone who can read the workload, lands in version control and in every copy of the manifest.",
        Remediation = "Store the value in a Secret (or an external secret store) and reference it with valueFrom.secretKeyRef.",
        Mitre = CheckInfo.Techniques("T1552.001"),
        Frameworks = [FrameworkRef.Cis("5.4.1")],
        Aliases = ["C-0012"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        foreach (var container in workload.AllContainers())
        {
            foreach (var env in container.Node.Maps("env"))
            {
                if (env.Scalar("value") is not { Value.Length: > 0 } value || env.Str("name") is not { } name)
                {
                    continue;
                }
                var reason = KnownSecretValue().IsMatch(value.Value) ? "looks like a credential"
                    : CredentialName().IsMatch(name) && !LooksLikeReference(value.Value) ? "has a credential-like name"
                    : null;
                if (reason is not null)
                {
                    yield return new CheckHit(value, $"{container.Describe()} sets {name} to a literal value that {reason}",
                        $"{name}={Redact(value.Value)}", container.Name);
                }
            }
        }
    }

    /// <summary>Shows only enough of a secret to recognise it.</summary>
    internal static string Redact(string value) => value.Length <= 4 ? "****" : value[..Math.Min(4, value.Length / 4)] + new string('*', 8);

    // Paths, URLs without credentials, booleans and file references are configuration, not secrets.
    private static bool LooksLikeReference(string value) =>
        value.StartsWith('/') || value is "true" or "false" || value.StartsWith("$(", StringComparison.Ordinal) || value.Length < 4
        || (value.Contains("://", StringComparison.Ordinal) && !value.Contains('@', StringComparison.Ordinal));

    [GeneratedRegex(@"(^|_|-)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)($|_|-)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialName();

    [GeneratedRegex(@"^(AKIA|ASIA)[0-9A-Z]{16}$|^gh[pousr]_[A-Za-z0-9]{36,}$|^xox[abpr]-[A-Za-z0-9-]{10,}$|^glpat-[A-Za-z0-9_-]{20,}$|-----BEGIN [A-Z ]*PRIVATE KEY-----|^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.|^sk_live_[0-9a-zA-Z]{24,}$|://[^/\s:@]+:[^/\s@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex KnownSecretValue();

}
