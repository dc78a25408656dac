using System.Security.Cryptography.X509Certificates;

namespace Palisade.Core.Net;

/// <summary>Certificate validation against a private CA (a cluster's, a service account's), not the system store.</summary>
public static class CustomTrust
{
    /// <summary>
    /// Whether the certificate chains to one of <paramref name="authorities"/> (revocation is not checked: private CAs
    /// publish none), and, when a <paramref name="purpose"/> is given, may be used for it (e.g. client authentication).
    /// </summary>
    public static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection authorities, System.Security.Cryptography.Oid? purpose = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (purpose is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(purpose);
        }
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
