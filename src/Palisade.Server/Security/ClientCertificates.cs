using System.Security.Cryptography.X509Certificates;

namespace Palisade.Server.Security;

/// <summary>Client certificates are accepted when they chain to the configured CA alone (not the system's trust store).</summary>
public static class ClientCertificates
{
    public static bool IssuedBy(X509Certificate2 client, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }
}
