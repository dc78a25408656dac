using Palisade.Core.Catalog;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks.Network;
using Palisade.Kubernetes.Checks.Rbac;
using Palisade.Kubernetes.Checks.Workloads;
using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Kubernetes.Checks;

/// <summary>Every manifest check, listed explicitly so trimming and Native AOT keep them; a test fails when one is missing.</summary>
public static class ManifestChecks
{
    public static IReadOnlyList<IManifestCheck> PerObject { get; } =
    [
        .. PodSecurityControls.All.Select(c => new PodSecurityCheck(c)),
        new CpuLimitCheck(),
        new MemoryLimitCheck(),
        new CpuRequestCheck(),
        new MemoryRequestCheck(),
        new ImageTagCheck(),
        new ImageDigestCheck(),
        new SecretInEnvCheck(),
        new ReadOnlyRootFilesystemCheck(),
        new NetRawCheck(),
        new SensitiveHostPathCheck(),
        new DeprecatedSecurityAnnotationCheck(),
        new DefaultNamespaceCheck(),
        new ExposedServiceCheck(),
        new ExternalIpsCheck(),
        new IngressTlsCheck(),
        new WildcardVerbsCheck(),
        new WildcardResourcesCheck(),
        new WildcardApiGroupsCheck(),
        new WorkloadCreateCheck(),
        new EscalateCheck(),
        new BindCheck(),
        new ImpersonateCheck(),
        new ReadSecretsCheck(),
        new ManageSecretsCheck(),
        new ManageRbacCheck(),
        new DeleteCollectionCheck(),
        new NodesProxyCheck(),
        new PodExecCheck(),
        new PodPortForwardCheck(),
        new TokenCreateCheck(),
        new CsrApproveCheck(),
        new WebhookConfigCheck(),
        new ClusterAdminBindingCheck(),
        new PowerfulBuiltinRoleBindingCheck(),
        new PublicGroupBindingCheck(),
        new DefaultServiceAccountBindingCheck(),
    ];

    public static IReadOnlyList<ICrossObjectCheck> CrossObject { get; } =
    [
        new NetworkPolicyCoverageCheck(),
        new ServiceAccountTokenCheck(),
    ];

    public static IEnumerable<CheckInfo> Catalog => PerObject.Select(c => c.Info).Concat(CrossObject.Select(c => c.Info));

    /// <summary>These checks for the registry.</summary>
    public static ICheckSource Source { get; } = new CheckSource("manifests", () => Catalog);
}
