using System.Net;
using System.Net.Sockets;

namespace Palisade.Policy.Cel;

/// <summary>The IP and CIDR library (net.IP, net.CIDR) Kubernetes and CEL's network extension define.</summary>
internal static class CelNetwork
{
    public static object? Invoke(string function, bool member, object?[] all) => (function, member, all) switch
    {
        ("ip", false, [string s]) => CelIp.Parse(s),
        ("isIP", false, [string s]) => CelIp.Parse(s) is CelIp,
        ("ip.isCanonical", false, [string s]) => CelIp.Parse(s) is CelIp ip ? ip.Text == s : CelIp.Parse(s),
        ("family", true, [CelIp ip]) => ip.Address.AddressFamily == AddressFamily.InterNetwork ? 4L : 6L,
        ("isUnspecified", true, [CelIp ip]) => ip.Address.Equals(IPAddress.Any) || ip.Address.Equals(IPAddress.IPv6Any),
        ("isLoopback", true, [CelIp ip]) => IPAddress.IsLoopback(ip.Address),
        ("isLinkLocalMulticast", true, [CelIp ip]) => ip.IsLinkLocalMulticast,
        ("isLinkLocalUnicast", true, [CelIp ip]) => ip.IsLinkLocalUnicast,
        ("isGlobalUnicast", true, [CelIp ip]) => ip.IsGlobalUnicast,
        ("string", false, [CelIp ip]) => ip.Text,
        ("ip", false, [CelIp ip]) => ip,
        ("cidr", false, [string s]) => CelCidr.Parse(s),
        ("isCIDR", false, [string s]) => CelCidr.Parse(s) is CelCidr,
        ("containsIP", true, [CelCidr cidr, CelIp ip]) => cidr.Contains(ip.Address, ip.Address.GetAddressBytes().Length * 8),
        ("containsIP", true, [CelCidr cidr, string s]) => CelIp.Parse(s) is CelIp ip ? cidr.Contains(ip.Address, ip.Address.GetAddressBytes().Length * 8) : CelIp.Parse(s),
        ("containsCIDR", true, [CelCidr cidr, CelCidr other]) => cidr.Contains(other.Address, other.PrefixLength),
        ("containsCIDR", true, [CelCidr cidr, string s]) => CelCidr.Parse(s) is CelCidr other ? cidr.Contains(other.Address, other.PrefixLength) : CelCidr.Parse(s),
        ("ip", true, [CelCidr cidr]) => new CelIp(cidr.Address),
        ("masked", true, [CelCidr cidr]) => cidr.Masked(),
        ("prefixLength", true, [CelCidr cidr]) => (long)cidr.PrefixLength,
        ("cidr", false, [CelCidr cidr]) => cidr,
        _ => null,
    };
}

/// <summary>An IP address: IPv4 in dotted decimal without leading zeros, or IPv6 without a zone; IPv4-mapped IPv6 text is refused.</summary>
public sealed class CelIp(IPAddress address) : ICelObject
{
    public IPAddress Address { get; } = address;

    public CelType Type => new("net.IP");

    public string Text => Address.ToString();

    public bool IsLinkLocalMulticast => Address.AddressFamily == AddressFamily.InterNetwork
        ? Bytes is [224, 0, 0, _]
        : Bytes is [0xff, 0x02, ..];

    public bool IsLinkLocalUnicast => Address.AddressFamily == AddressFamily.InterNetwork
        ? Bytes is [169, 254, _, _]
        : Bytes is [0xfe, var second, ..] && (second & 0xc0) == 0x80;

    public bool IsGlobalUnicast =>
        !Address.Equals(IPAddress.Any) && !Address.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(Address)
        && !IsLinkLocalUnicast && !(Address.AddressFamily == AddressFamily.InterNetwork ? Bytes[0] is >= 224 and <= 239 : Bytes[0] == 0xff)
        && !Address.Equals(IPAddress.Broadcast);

    private byte[] Bytes => Address.GetAddressBytes();

    /// <summary>The address, or a <see cref="CelError"/> saying why the text is not one.</summary>
    public static object Parse(string text)
    {
        if (text.Contains('%', StringComparison.Ordinal))
        {
            return new CelError("IP Address with zone value is not allowed");
        }
        var address = StrictParse(text);
        if (address is null)
        {
            return new CelError($"IP Address '{text}' parse error during conversion from string");
        }
        if (address.IsIPv4MappedToIPv6 && text.Contains('.', StringComparison.Ordinal))
        {
            return new CelError("IPv4-mapped IPv6 address is not allowed");
        }
        return new CelIp(address);
    }

    /// <summary>Go's netip rules: four decimal octets without leading zeros, or IPv6 text; never the shorthand forms .NET also accepts.</summary>
    internal static IPAddress? StrictParse(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }
        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0') || int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) > 255))
        {
            return null;
        }
        return IPAddress.Parse(text);
    }

    private IPAddress Unmapped => Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;

    public override bool Equals(object? obj) => obj is CelIp other && other.Unmapped.Equals(Unmapped);

    public override int GetHashCode() => Unmapped.GetHashCode();
}

/// <summary>A network in CIDR notation; ip() is the address as written, masked() the network itself.</summary>
public sealed class CelCidr(IPAddress address, int prefixLength) : ICelObject
{
    public IPAddress Address { get; } = address;

    public int PrefixLength { get; } = prefixLength;

    public CelType Type => new("net.CIDR");

    public string Text => $"{Address}/{PrefixLength}";

    public static object Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (text.Contains('%', StringComparison.Ordinal))
        {
            return new CelError("CIDR with zone value is not allowed");
        }
        var address = slash > 0 ? CelIp.StrictParse(text[..slash]) : null;
        var bits = address is null ? 0 : address.GetAddressBytes().Length * 8;
        if (address is null || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) || length > bits
            || (text.Length - slash > 2 && text[slash + 1] == '0'))
        {
            return new CelError($"network address parse error during conversion from string: '{text}'");
        }
        if (address.IsIPv4MappedToIPv6 && text.Contains('.', StringComparison.Ordinal))
        {
            return new CelError("IPv4-mapped IPv6 address is not allowed");
        }
        return new CelCidr(address, length);
    }

    /// <summary>True when every address of the given network (a single address at full length) is in this one.</summary>
    public bool Contains(IPAddress other, int otherPrefix)
    {
        var mine = Address.GetAddressBytes();
        var theirs = other.GetAddressBytes();
        if (mine.Length != theirs.Length || otherPrefix < PrefixLength)
        {
            return false;
        }
        for (var bit = 0; bit < PrefixLength; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((mine[bit / 8] & mask) != (theirs[bit / 8] & mask))
            {
                return false;
            }
        }
        return true;
    }

    public CelCidr Masked()
    {
        var bytes = Address.GetAddressBytes();
        for (var bit = PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return new CelCidr(new IPAddress(bytes), PrefixLength);
    }

    public override bool Equals(object? obj) => obj is CelCidr other && other.Address.Equals(Address) && other.PrefixLength == PrefixLength;

    public override int GetHashCode() => HashCode.Combine(Address, PrefixLength);
}
