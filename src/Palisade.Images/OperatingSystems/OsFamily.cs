namespace Palisade.Images.OperatingSystems;

/// <summary>
/// Everything Palisade knows about one operating-system family, in one place: which os-release ids belong to it,
/// its package manager and version scheme, the purl type of its packages and where its advisories come from.
/// </summary>
public sealed record OsFamily(string Name, IReadOnlyList<string> Ids, string PackageManager, string VersionScheme, string PurlType, string AdvisorySource)
{
    /// <summary>
    /// The OSV ecosystem its advisories are filed under, from the os-release version: "{major}", "{minor}" and "{id}"
    /// are replaced ("Debian:{major}" gives Debian:12). Null when no importable feed covers the family yet.
    /// </summary>
    public string? EcosystemPattern { get; init; }

    /// <summary>Major versions filed under another name ("2018" is Amazon Linux 1).</summary>
    public IReadOnlyDictionary<string, string> MajorAliases { get; init; } = new Dictionary<string, string>();

    public string? Ecosystem(string id, string version)
    {
        if (EcosystemPattern is null)
        {
            return null;
        }
        var parts = version.Split('.', '-', ' ');
        var needsVersion = EcosystemPattern.Contains("{major}", StringComparison.Ordinal);
        if (needsVersion && (parts.Length == 0 || !parts[0].All(char.IsAsciiDigit) || parts[0].Length == 0))
        {
            return null;
        }
        var minor = parts.Length > 1 && parts[1].All(char.IsAsciiDigit) ? parts[1] : "0";
        var major = MajorAliases.GetValueOrDefault(parts[0]) ?? parts[0];
        return EcosystemPattern.Replace("{major}", major, StringComparison.Ordinal).Replace("{minor}", minor, StringComparison.Ordinal)
            .Replace("{id}", id switch { "chainguard" => "Chainguard", "wolfi" => "Wolfi", _ => id }, StringComparison.Ordinal);
    }
}

public static class OsFamilies
{
    public static IReadOnlyList<OsFamily> All { get; } =
    [
        new("debian", ["debian"], "dpkg", "dpkg", "deb", "Debian Security Tracker") { EcosystemPattern = "Debian:{major}" },
        new("ubuntu", ["ubuntu"], "dpkg", "dpkg", "deb", "Ubuntu CVE Tracker") { EcosystemPattern = "Ubuntu:{major}.{minor}" },
        new("alpine", ["alpine"], "apk", "apk", "apk", "Alpine secdb") { EcosystemPattern = "Alpine:v{major}.{minor}" },
        new("wolfi", ["wolfi", "chainguard"], "apk", "apk", "apk", "Wolfi secdb") { EcosystemPattern = "{id}" },
        new("almalinux", ["almalinux"], "rpm", "rpm", "rpm", "AlmaLinux OSV") { EcosystemPattern = "AlmaLinux:{major}" },
        new("rocky", ["rocky"], "rpm", "rpm", "rpm", "Rocky Linux OSV") { EcosystemPattern = "Rocky Linux:{major}" },
        new("rhel", ["rhel", "centos"], "rpm", "rpm", "rpm", "Red Hat CSAF") { EcosystemPattern = "Red Hat:{major}" },
        new("oracle", ["ol", "oracle"], "rpm", "rpm", "rpm", "Oracle Linux ELSA"),
        new("fedora", ["fedora"], "rpm", "rpm", "rpm", "Fedora OSV"),
        // The original Amazon Linux AMI numbers its releases by date (2018.03); its advisories are the ALAS- ones, release 1.
        new("amazon", ["amzn", "amazon"], "rpm", "rpm", "rpm", "Amazon Linux ALAS") { EcosystemPattern = "Amazon Linux:{major}", MajorAliases = new Dictionary<string, string> { ["2017"] = "1", ["2018"] = "1" } },
        new("suse", ["sles", "sle", "opensuse", "opensuse-leap", "opensuse-tumbleweed", "sle-micro"], "rpm", "rpm", "rpm", "SUSE OVAL"),
        new("mariner", ["mariner", "azurelinux"], "rpm", "rpm", "rpm", "CBL-Mariner/Azure Linux OVAL"),
    ];

    /// <summary>The family for an os-release ID, then its ID_LIKE list (e.g. a rebuild that says ID_LIKE="rhel").</summary>
    public static OsFamily? For(string id, IEnumerable<string> idLike) =>
        All.FirstOrDefault(f => f.Ids.Contains(id)) ?? idLike.Select(like => All.FirstOrDefault(f => f.Ids.Contains(like))).FirstOrDefault(f => f is not null);
}
