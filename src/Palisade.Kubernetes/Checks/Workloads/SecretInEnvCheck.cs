using Palisade.Core.Findings;
using Palisade.Core.Secrets;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class SecretInEnvCheck : WorkloadCheck
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
                var reason = Credentials.Classify(name, value.Value);
                if (reason is not null)
                {
                    yield return new CheckHit(value, $"{container.Describe()} sets {name} to a literal value that {reason}",
                        $"{name}={Credentials.Redact(value.Value)}", container.Name);
                }
            }
        }
    }
}
