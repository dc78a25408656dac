using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Images.OperatingSystems;
using Palisade.Images.Packages;
using Palisade.Vulnerabilities.Advisories;
using OperatingSystem = Palisade.Images.OperatingSystems.OperatingSystem;

namespace Palisade.Images.Sbom;

/// <summary>
/// Reads a software bill of materials (CycloneDX 1.2–1.6 JSON, SPDX 2.x JSON), from Palisade, Trivy, Syft or any
/// tool that names packages by package URL, into the inventory an image scan produces, so it is matched the same way.
/// </summary>
public static partial class SbomReader
{
    public const long MaxBytes = 256L * 1024 * 1024;
    private const int MaxComponents = 500_000;

    // Where other tools put a package's source package and the image's id.
    private static readonly string[] SourceNameProperties = ["palisade:source-package", "aquasecurity:trivy:SrcName", "syft:metadata:source", "syft:metadata:originPackage"];
    private static readonly string[] SourceVersionProperties = ["palisade:source-version", "aquasecurity:trivy:SrcVersion", "syft:metadata:sourceVersion"];
    private static readonly string[] ImageIdProperties = ["palisade:image-id", "aquasecurity:trivy:ImageID"];

    /// <exception cref="InvalidDataException">The document is not JSON, not a CycloneDX or SPDX document, or over the limits.</exception>
    public static async Task<ImageInventory> ReadAsync(Stream stream, string displayName, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new InvalidDataException($"{displayName}: larger than {MaxBytes / (1024 * 1024)} MiB");
            }
            buffer.Write(chunk, 0, read);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{displayName}: not JSON ({ex.Message})");
        }
        using (document)
        {
            try
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && Text(root, "bomFormat") == "CycloneDX")
                {
                    return CycloneDx(root, displayName);
                }
                if (root.ValueKind == JsonValueKind.Object && Text(root, "spdxVersion") is { } spdx)
                {
                    return spdx.StartsWith("SPDX-2.", StringComparison.Ordinal) ? Spdx(root, displayName)
                        : throw new InvalidDataException($"{displayName}: {spdx} is not supported (SPDX 2.x JSON is)");
                }
                throw new InvalidDataException($"{displayName}: neither a CycloneDX (bomFormat) nor an SPDX (spdxVersion) JSON document");
            }
            catch (InvalidOperationException ex)
            {
                // A value of the wrong JSON type, or text that is not UTF-8: the document is malformed, not Palisade.
                throw new InvalidDataException($"{displayName}: malformed ({ex.Message})");
            }
        }
    }

    private static ImageInventory CycloneDx(JsonElement root, string displayName)
    {
        var version = Text(root, "specVersion");
        // JSON exists since 1.2 and components, purls and properties read the same in every version since.
        if (version is not ("1.2" or "1.3" or "1.4" or "1.5" or "1.6"))
        {
            throw new InvalidDataException($"{displayName}: CycloneDX {version ?? "without specVersion"} is not supported (JSON 1.2 to 1.6 is)");
        }
        var collector = new Collector(displayName);
        var subject = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("component", out var main) && main.ValueKind == JsonValueKind.Object ? main : (JsonElement?)null;
        if (subject is { } component)
        {
            collector.Subject = Text(component, "name");
            var properties = Properties(component);
            collector.ImageId = ImageIdProperties.Select(properties.GetValueOrDefault).FirstOrDefault(v => v is not null)
                ?? (PackageUrl.TryParse(Text(component, "purl")) is { Type: "oci", Version: { } digest } ? digest : null)
                ?? (Text(component, "version") is { } v && v.StartsWith("sha256:", StringComparison.Ordinal) ? v : null);
        }
        Walk(root, collector, depth: 0);
        return collector.Build();

        static void Walk(JsonElement parent, Collector collector, int depth)
        {
            if (depth > 16 || !parent.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
            {
                return;
            }
            foreach (var component in components.EnumerateArray())
            {
                if (component.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                var name = Text(component, "name");
                if (Text(component, "type") == "operating-system" && name is not null)
                {
                    collector.OperatingSystem(name, Text(component, "version"));
                }
                else
                {
                    collector.Add(name, Text(component, "version"), Text(component, "purl"), Properties(component));
                }
                Walk(component, collector, depth + 1);
            }
        }
    }

    private static ImageInventory Spdx(JsonElement root, string displayName)
    {
        var collector = new Collector(displayName) { Subject = Text(root, "name") };
        if (!root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
        {
            return collector.Build();
        }
        foreach (var package in packages.EnumerateArray())
        {
            if (package.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var name = Text(package, "name");
            var version = Text(package, "versionInfo");
            if (Text(package, "primaryPackagePurpose") == "OPERATING-SYSTEM" && name is not null)
            {
                collector.OperatingSystem(name, version);
                continue;
            }
            string? purl = null;
            if (package.TryGetProperty("externalRefs", out var refs) && refs.ValueKind == JsonValueKind.Array)
            {
                purl = refs.EnumerateArray()
                    .Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "referenceType") == "purl")
                    .Select(r => Text(r, "referenceLocator")).FirstOrDefault(l => l is not null);
            }
            if (Text(package, "primaryPackagePurpose") == "CONTAINER")
            {
                if (PackageUrl.TryParse(purl) is { Type: "oci", Version: { } digest })
                {
                    collector.ImageId ??= digest;
                }
                continue;
            }
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Text(package, "sourceInfo") is { } sourceInfo && SourceInfo().Match(sourceInfo) is { Success: true } source)
            {
                properties["palisade:source-package"] = source.Groups["name"].Value;
                if (source.Groups["version"].Success)
                {
                    properties["palisade:source-version"] = source.Groups["version"].Value;
                }
            }
            collector.Add(name, version, purl, properties);
        }
        return collector.Build();
    }

    /// <summary>SPDX sourceInfo as Palisade ("built from source package NAME") and Trivy ("built package from: NAME VERSION") write it.</summary>
    [GeneratedRegex(@"^built (?:package )?from(?: source package)?:? (?<name>[^\s]+)(?: (?<version>[^\s]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex SourceInfo();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string> Properties(JsonElement component)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (component.TryGetProperty("properties", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var property in list.EnumerateArray())
            {
                if (property.ValueKind == JsonValueKind.Object && Text(property, "name") is { } key && Text(property, "value") is { } value)
                {
                    properties.TryAdd(key, value);
                }
            }
        }
        return properties;
    }

    /// <summary>Gathers packages and the operating system as the document is walked.</summary>
    private sealed class Collector(string displayName)
    {
        private readonly List<Package> _packages = [];
        private readonly List<AnalysisProblem> _problems = [];
        private readonly Dictionary<string, int> _unmatchable = new(StringComparer.Ordinal);
        private (string Id, string? Version)? _os;
        private string? _distro;
        private string? _distroNamespace;

        public string? Subject { get; set; }

        public string? ImageId { get; set; }

        // Trivy names Red Hat's release "redhat"; os-release says "rhel".
        public void OperatingSystem(string id, string? version) => _os ??= (id.ToLowerInvariant() switch { "redhat" => "rhel", var other => other }, version);

        public void Add(string? name, string? version, string? purlText, IReadOnlyDictionary<string, string> properties)
        {
            if (_packages.Count >= MaxComponents)
            {
                throw new InvalidDataException($"{displayName}: more than {MaxComponents:N0} components");
            }
            if (PackageUrl.TryParse(purlText) is not { } purl || Ecosystem(purl.Type) is not { } ecosystem)
            {
                var type = PackageUrl.TryParse(purlText)?.Type ?? "no package URL";
                _unmatchable[type] = _unmatchable.GetValueOrDefault(type) + 1;
                return;
            }
            var packageVersion = purl.Version ?? version;
            if (packageVersion is null)
            {
                _unmatchable["no version"] = _unmatchable.GetValueOrDefault("no version") + 1;
                return;
            }
            if (purl.Qualifiers.TryGetValue("epoch", out var epoch) && epoch is not ("" or "0") && !packageVersion.Contains(':', StringComparison.Ordinal))
            {
                packageVersion = $"{epoch}:{packageVersion}";
            }
            var (sourceName, sourceVersion) = Source(purl, properties);
            if (ecosystem.IsOperatingSystem && purl.Qualifiers.TryGetValue("distro", out var distro))
            {
                _distro ??= distro;
                _distroNamespace ??= purl.Namespace;
            }
            _packages.Add(new Package(ecosystem.Name, PackageName(purl) ?? name ?? purl.Name, packageVersion, properties.GetValueOrDefault("palisade:path") ?? displayName)
            {
                SourceName = sourceName,
                SourceVersion = sourceVersion,
                Architecture = purl.Qualifiers.GetValueOrDefault("arch"),
                Layer = properties.GetValueOrDefault("palisade:layer"),
            });
        }

        public ImageInventory Build()
        {
            foreach (var (type, count) in _unmatchable.OrderBy(u => u.Key, StringComparer.Ordinal))
            {
                _problems.Add(new AnalysisProblem(displayName, null, $"{count} component(s) with {(type is "no package URL" or "no version" ? type : $"package URL type '{type}'")} cannot be matched against advisories; skipped") { IsNotice = true });
            }
            var os = OperatingSystemOf();
            return new ImageInventory(Subject ?? displayName, os, _packages, _problems) { ImageId = ImageId ?? InventoryDigest() };
        }

        private OperatingSystem? OperatingSystemOf()
        {
            var (id, version) = _os ?? (_distro is { } distro ? SplitDistro(distro) : (null, null));
            if (_os is null && _distro is not null && (id is null || char.IsAsciiDigit(id[0])))
            {
                // "distro=3.11.5" (Trivy's form): the distribution is the purl's namespace.
                (id, version) = (_distroNamespace, _distro);
            }
            if (id is null)
            {
                return null;
            }
            id = id switch { "redhat" => "rhel", _ => id };
            var family = OsFamilies.For(id, []);
            return new OperatingSystem(family, id, version ?? "", $"{id} {version}".Trim(), "the SBOM");
        }

        /// <summary>"debian-12" or "alpine-3.11.5": the id, then the version from the first dash before a digit.</summary>
        private static (string? Id, string? Version) SplitDistro(string distro)
        {
            for (var i = 1; i < distro.Length - 1; i++)
            {
                if (distro[i] == '-' && char.IsAsciiDigit(distro[i + 1]))
                {
                    return (distro[..i].ToLowerInvariant(), distro[(i + 1)..]);
                }
            }
            return (distro.ToLowerInvariant(), null);
        }

        /// <summary>An SBOM that names no image is known by its packages: the same packages, the same id.</summary>
        private string InventoryDigest()
        {
            var text = string.Join('\n', _packages.Select(p => $"{p.Ecosystem}\t{p.Name}\t{p.Version}").Order(StringComparer.Ordinal));
            return "inventory:sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{_os?.Id}\t{_os?.Version}\t{_distro}\n{text}")));
        }

        private static PackageEcosystem? Ecosystem(string purlType) => purlType switch
        {
            "go" => PackageEcosystems.Find("Go"),
            _ => PackageEcosystems.All.FirstOrDefault(e => e.PurlType == purlType),
        };

        private static string? PackageName(PackageUrl purl) => purl.Type switch
        {
            "maven" => purl.Namespace is null ? null : $"{purl.Namespace}:{purl.Name}",
            "npm" or "golang" or "go" or "composer" or "swift" => purl.Namespace is null ? purl.Name : $"{purl.Namespace}/{purl.Name}",
            _ => purl.Name,
        };

        /// <summary>The source package: a property some tool wrote, else the purl's "upstream" qualifier.</summary>
        private static (string? Name, string? Version) Source(PackageUrl purl, IReadOnlyDictionary<string, string> properties)
        {
            var name = SourceNameProperties.Select(properties.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            var version = SourceVersionProperties.Select(properties.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            if (name is null && purl.Qualifiers.TryGetValue("upstream", out var upstream) && upstream.Length > 0)
            {
                if (purl.Type == "rpm" && upstream.EndsWith(".src.rpm", StringComparison.Ordinal))
                {
                    // name-version-release.src.rpm
                    var stem = upstream[..^".src.rpm".Length];
                    var release = stem.LastIndexOf('-');
                    var versionDash = release > 0 ? stem.LastIndexOf('-', release - 1) : -1;
                    name = versionDash > 0 ? stem[..versionDash] : stem;
                }
                else
                {
                    var at = upstream.IndexOf('@', StringComparison.Ordinal);
                    (name, version) = at > 0 ? (upstream[..at], version ?? upstream[(at + 1)..]) : (upstream, version);
                }
            }
            return (name == purl.Name ? null : name, version);
        }
    }
}
