using Palisade.Core.Findings;

namespace Palisade.Network.Checks;

/// <summary>Commands run in containers through the kubelet (active test): raised by the active kubelet test (NetworkHunter), which owns the request it needs.</summary>
public static class KubeletRunCheck
{
    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.kubelet.run", "Commands run in containers through the kubelet (active test)", Severity.Critical,
        "With --active, a harmless command ran in a container through the kubelet's /run endpoint without credentials.",
        "Disable anonymous kubelet access and require Webhook authorization; rotate whatever the container could reach.", ["T1609"], "KHV040");
}
