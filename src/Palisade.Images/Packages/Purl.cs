using OperatingSystem = Palisade.Images.OperatingSystems.OperatingSystem;

namespace Palisade.Images.Packages;

/// <summary>Package URLs (github.com/package-url/purl-spec) for SBOMs and reports.</summary>
public static class Purl
{
    public static string? For(Package package, OperatingSystem? os)
    {
        var distro = os is null ? null : $"{os.Id}-{os.Version}";
        return package.Ecosystem switch
        {
            "deb" => Build("deb", os?.Id ?? "debian", package.Name, package.Version, ("arch", package.Architecture), ("distro", distro)),
            "apk" => Build("apk", os?.Id ?? "alpine", package.Name, package.Version, ("arch", package.Architecture), ("distro", distro)),
            "rpm" => Build("rpm", os?.Id, package.Name, package.Version, ("arch", package.Architecture), ("distro", distro)),
            "npm" => package.Name.StartsWith('@') && package.Name.Contains('/', StringComparison.Ordinal)
                ? Build("npm", package.Name[..package.Name.IndexOf('/', StringComparison.Ordinal)], package.Name[(package.Name.IndexOf('/', StringComparison.Ordinal) + 1)..], package.Version)
                : Build("npm", null, package.Name, package.Version),
            "PyPI" => Build("pypi", null, Palisade.Vulnerabilities.Advisories.Ecosystems.NormalizeName("PyPI", package.Name), package.Version),
            "Maven" => package.Name.Split(':') is [var group, var artifact] ? Build("maven", group, artifact, package.Version) : null,
            "NuGet" => Build("nuget", null, package.Name, package.Version),
            "Go" => Build("golang", null, package.Name, package.Version),
            "crates.io" => Build("cargo", null, package.Name, package.Version),
            _ => null,
        };
    }

    private static string Build(string type, string? @namespace, string name, string version, params (string Key, string? Value)[] qualifiers)
    {
        var path = @namespace is null ? Encode(name, keepSlash: type == "golang") : $"{EncodeNamespace(@namespace)}/{Encode(name, keepSlash: false)}";
        var query = string.Join('&', qualifiers.Where(q => !string.IsNullOrEmpty(q.Value)).OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}"));
        return $"pkg:{type}/{path}@{Uri.EscapeDataString(version)}{(query.Length > 0 ? "?" + query : "")}";
    }

    private static string EncodeNamespace(string value) => string.Join('/', value.Split('/').Select(part => Encode(part, keepSlash: false)));

    private static string Encode(string value, bool keepSlash) =>
        keepSlash ? string.Join('/', value.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value);
}
