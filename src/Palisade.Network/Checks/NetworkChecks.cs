using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Network.Checks;

/// <summary>Every network check, listed explicitly (no reflection); kube-hunter's KHV ids are aliases where one matches.</summary>
public static class NetworkChecks
{
    /// <summary>The passive endpoint checks, in the order their findings are reported for one endpoint.</summary>
    public static IReadOnlyList<IEndpointCheck> Endpoint { get; } =
    [
        new ApiInsecurePortCheck(), new ApiAnonymousReadCheck(), new ApiAnonymousDiscoveryCheck(), new VersionDisclosureCheck(), new KubectlProxyCheck(), new KubeletReadOnlyCheck(),
        new KubeletAnonymousCheck(), new EtcdMutualTlsCheck(), new EtcdPlainCheck(), new EtcdNoClientAuthCheck(), new DockerApiCheck(), new DashboardCheck(),
        new MetricsExposedCheck(), new CertificateExpiredCheck(), new CertificateExpiresSoonCheck(), new OldTlsCheck(),
    ];

    public static IReadOnlyList<CheckInfo> All { get; } = [.. Endpoint.Select(c => c.Info), KubeletRunCheck.Info, PodTokenCheck.Info, CloudMetadataCheck.Info];

    public static ICheckSource Source { get; } = new CheckSource("network", () => All);
}
