using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class CsrApproveCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.csr-approve"),
        Title = "Role can approve certificate requests",
        Severity = Severity.High,
        Description = "Approving CertificateSigningRequests lets a subject issue client certificates, e.g. for system:masters or a node identity.",
        Remediation = "Leave CSR approval to the controller manager; grant approval only for specific signerNames.",
        Mitre = CheckInfo.Techniques("T1098.006", "T1078"),
        Frameworks = [FrameworkRef.Cis("5.1.11")],
        Aliases = [],
    };

    protected override string Consequence => "issue itself client certificates for any identity";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("certificates.k8s.io", "certificatesigningrequests/approval", "update", "patch"),
        new("certificates.k8s.io", "signers", "approve"),
    ];
}
