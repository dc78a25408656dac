using System.Globalization;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>A Pod Security Standards version (<c>v1.N</c>). Versions newer than we know evaluate as the latest, as PSA does.</summary>
public readonly record struct PssVersion(int Minor) : IComparable<PssVersion>
{
    /// <summary>The newest Kubernetes minor version whose Pod Security Admission rules are encoded here.</summary>
    public static PssVersion Latest { get; } = new(37);

    public int CompareTo(PssVersion other) => Minor.CompareTo(other.Minor);

    public static bool operator <(PssVersion left, PssVersion right) => left.Minor < right.Minor;
    public static bool operator <=(PssVersion left, PssVersion right) => left.Minor <= right.Minor;
    public static bool operator >(PssVersion left, PssVersion right) => left.Minor > right.Minor;
    public static bool operator >=(PssVersion left, PssVersion right) => left.Minor >= right.Minor;

    public override string ToString() => $"v1.{Minor}";

    public static bool TryParse(string? text, out PssVersion version)
    {
        version = Latest;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var trimmed = text.Trim().TrimStart('v', 'V');
        if (trimmed.StartsWith("1.", StringComparison.Ordinal)
            && int.TryParse(trimmed.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            version = new PssVersion(Math.Min(minor, Latest.Minor));
            return true;
        }
        return false;
    }
}
