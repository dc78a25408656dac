using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class WebhookConfigCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.webhook-config"),
        Title = "Role can change admission webhooks",
        Severity = Severity.High,
        Description = "Changing admission webhook configurations can disable policy enforcement or send every object, secrets included, to an attacker server.",
        Remediation = "Grant webhook configuration changes only to cluster administrators and the operators that own them, by resourceNames.",
        Mitre = CheckInfo.Techniques("T1562.001", "T1098.006"),
        Frameworks = [FrameworkRef.Cis("5.1.12")],
        Aliases = [],
    };

    protected override string Consequence => "disable admission policy or intercept every API request";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("admissionregistration.k8s.io", "validatingwebhookconfigurations", "create", "update", "patch", "delete"),
        new("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "create", "update", "patch", "delete"),
    ];
}
