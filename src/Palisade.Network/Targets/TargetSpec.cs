using System.Net;
using System.Net.Sockets;

namespace Palisade.Network.Targets;

/// <summary>One address and the ports to try on it.</summary>
public sealed record Endpoint(IPAddress Address, int Port)
{
    public override string ToString() => Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>
/// Expands what the user names (CIDR ranges, hosts, host:port) into endpoints, only those: private, loopback and
/// link-local ranges are scanned; anything public is refused unless allowed explicitly. Ranges are capped.
/// </summary>
public static class TargetSpec
{
    public const int MaxAddresses = 65_536;

    /// <summary>The default ports: API server, kubelet, etcd, controller manager, scheduler, kube-proxy, kubectl proxy, Docker, cAdvisor, NodePort, dashboard.</summary>
    public static IReadOnlyList<int> DefaultPorts { get; } = [443, 6443, 8443, 8080, 10250, 10255, 2379, 2380, 10257, 10259, 10249, 10256, 8001, 2375, 2376, 4194, 30000, 9090];

    public static IReadOnlyList<Endpoint> Expand(IEnumerable<string> targets, IReadOnlyList<int> ports, bool allowPublic, Func<string, IPAddress[]> resolve)
    {
        var endpoints = new List<Endpoint>();
        foreach (var raw in targets.Select(t => t.Trim()).Where(t => t.Length > 0 && !t.StartsWith('#')))
        {
            var (host, port) = SplitPort(raw);
            IEnumerable<IPAddress> addresses;
            if (host.Contains('/', StringComparison.Ordinal))
            {
                addresses = Range(host);
            }
            else if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
            {
                addresses = [address];
            }
            else
            {
                IPAddress[] resolved;
                try
                {
                    resolved = resolve(host);
                }
                catch (SocketException ex)
                {
                    throw new TargetException($"'{raw}': cannot resolve {host} ({ex.SocketErrorCode})");
                }
                addresses = resolved.Take(16);
            }
            foreach (var address in addresses)
            {
                if (!allowPublic && !IsPrivate(address))
                {
                    throw new TargetException($"'{raw}': {address} is a public address; Palisade scans only the networks you name as private unless --allow-public is given");
                }
                endpoints.AddRange(port is { } p ? [new Endpoint(address, p)] : ports.Select(q => new Endpoint(address, q)));
                if (endpoints.Count > MaxAddresses * 4)
                {
                    throw new TargetException($"more than {MaxAddresses * 4:N0} endpoints: narrow the ranges or the ports");
                }
            }
        }
        return [.. endpoints.Distinct()];
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
        }
        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    private static (string Host, int? Port) SplitPort(string text)
    {
        if (text.StartsWith('[') && text.Contains("]:", StringComparison.Ordinal))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            return (text[1..close], Port(text[(close + 2)..], text));
        }
        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':') == colon && !text.Contains('/', StringComparison.Ordinal) ? (text[..colon], Port(text[(colon + 1)..], text)) : (text, null);
    }

    private static int Port(string text, string raw) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : throw new TargetException($"'{raw}': '{text}' is not a port");

    private static IEnumerable<IPAddress> Range(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(cidr[..slash], out var network) || network.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var bits) || bits is < 0 or > 32)
        {
            throw new TargetException($"'{cidr}' is not an IPv4 CIDR range");
        }
        var size = 1L << (32 - bits);
        if (size > MaxAddresses)
        {
            throw new TargetException($"'{cidr}' holds {size:N0} addresses; the limit is {MaxAddresses:N0} (a /16)");
        }
        var bytes = network.GetAddressBytes();
        var start = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) & (bits == 0 ? 0 : uint.MaxValue << (32 - bits));
        for (long i = 0; i < size; i++)
        {
            var value = start + (uint)i;
            yield return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }
    }
}

public sealed class TargetException : Exception
{
    public TargetException(string message) : base(message)
    {
    }

    public TargetException()
    {
    }

    public TargetException(string message, Exception inner) : base(message, inner)
    {
    }
}
