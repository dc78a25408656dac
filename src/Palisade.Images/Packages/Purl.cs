using Palisade.Vulnerabilities.Advisories;
using OperatingSystem = Palisade.Images.OperatingSystems.OperatingSystem;

namespace Palisade.Images.Packages;

/// <summary>Package URLs (github.com/package-url/purl-spec) for SBOMs and reports.</summary>
public static class Purl
{
    public static string? For(Package package, OperatingSystem? os)
    {
        if (PackageEcosystems.Find(package.Ecosystem) is not { } ecosystem || ecosystem.PurlName(package.Name) is not { } name)
        {
            return null;
        }
        if (ecosystem.IsOperatingSystem)
        {
            // Distribution packages are namespaced by the distribution: pkg:deb/debian/…?distro=debian-12.
            var @namespace = os?.Id ?? (ecosystem.Name switch { "deb" => "debian", "apk" => "alpine", _ => null });
            return Build(ecosystem.PurlType, @namespace, package.Name, package.Version, keepSlash: false,
                ("arch", package.Architecture), ("distro", os is null ? null : $"{os.Id}-{os.Version}"));
        }
        return Build(ecosystem.PurlType, name.Namespace, name.Name, package.Version, ecosystem.PurlNameKeepsSlashes);
    }

    private static string Build(string type, string? @namespace, string name, string version, bool keepSlash, params (string Key, string? Value)[] qualifiers)
    {
        var path = @namespace is null ? Encode(name, keepSlash) : $"{EncodeNamespace(@namespace)}/{Encode(name, keepSlash: false)}";
        var query = string.Join('&', qualifiers.Where(q => !string.IsNullOrEmpty(q.Value)).OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}"));
        return $"pkg:{type}/{path}@{Uri.EscapeDataString(version)}{(query.Length > 0 ? "?" + query : "")}";
    }

    private static string EncodeNamespace(string value) => string.Join('/', value.Split('/').Select(part => Encode(part, keepSlash: false)));

    private static string Encode(string value, bool keepSlash) =>
        keepSlash ? string.Join('/', value.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value);
}
