namespace Palisade.Images.OperatingSystems;

/// <summary>
/// Everything Palisade knows about one operating-system family, in one place: which os-release ids belong to it,
/// its package manager and version scheme, the purl type of its packages and where its advisories come from.
/// </summary>
public sealed record OsFamily(string Name, IReadOnlyList<string> Ids, string PackageManager, string VersionScheme, string PurlType, string AdvisorySource);

public static class OsFamilies
{
    public static IReadOnlyList<OsFamily> All { get; } =
    [
        new("debian", ["debian"], "dpkg", "dpkg", "deb", "Debian Security Tracker"),
        new("ubuntu", ["ubuntu"], "dpkg", "dpkg", "deb", "Ubuntu CVE Tracker"),
        new("alpine", ["alpine"], "apk", "apk", "apk", "Alpine secdb"),
        new("wolfi", ["wolfi", "chainguard"], "apk", "apk", "apk", "Wolfi secdb"),
        new("rhel", ["rhel", "centos", "rocky", "almalinux", "ol", "oracle"], "rpm", "rpm", "rpm", "Red Hat CSAF/OVAL"),
        new("fedora", ["fedora"], "rpm", "rpm", "rpm", "Fedora OSV"),
        new("amazon", ["amzn", "amazon"], "rpm", "rpm", "rpm", "Amazon Linux ALAS"),
        new("suse", ["sles", "sle", "opensuse", "opensuse-leap", "opensuse-tumbleweed", "sle-micro"], "rpm", "rpm", "rpm", "SUSE OVAL"),
        new("mariner", ["mariner", "azurelinux"], "rpm", "rpm", "rpm", "CBL-Mariner/Azure Linux OVAL"),
    ];

    /// <summary>The family for an os-release ID, then its ID_LIKE list (e.g. a rebuild that says ID_LIKE="rhel").</summary>
    public static OsFamily? For(string id, IEnumerable<string> idLike) =>
        All.FirstOrDefault(f => f.Ids.Contains(id)) ?? idLike.Select(like => All.FirstOrDefault(f => f.Ids.Contains(like))).FirstOrDefault(f => f is not null);
}
