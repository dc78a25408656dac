using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Core.Registration;
using Palisade.Core.Scanning;

namespace Palisade.Reporting.CycloneDx;

/// <summary>
/// A CycloneDX 1.5 SBOM of an image: every package with its purl, path and layer, and the vulnerabilities found,
/// each pointing at the component it affects (the VEX-style "affects" list) with every source's rating.
/// </summary>
[RegistrationOrder(4)]
public sealed class CycloneDxWriter : IReportWriter
{
    private static readonly CycloneDxContext Context = new(new JsonSerializerOptions(CycloneDxContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public string Format => "cyclonedx";

    public bool NeedsInventory => true;

    public async Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
    {
        var sbom = result.Inventory ?? new Inventory(result.Scan.Targets.Count > 0 ? result.Scan.Targets[0] : result.Scan.Kind, null, null, []);
        var components = new List<CdxComponent>();
        var refs = new Dictionary<(string, string, string?, string?), string>();
        if (sbom.OperatingSystemId is { } os)
        {
            components.Add(new CdxComponent("os:" + os, "operating-system", os, sbom.OperatingSystemVersion, null, null));
        }
        foreach (var (component, index) in sbom.Components.Select((c, i) => (c, i)))
        {
            var bomRef = component.Purl is { } purl && !refs.ContainsValue(purl) ? purl : $"component-{index + 1}";
            refs.TryAdd((component.Name, component.Version, component.Path, component.Layer), bomRef);
            var properties = new List<CdxProperty> { new("palisade:ecosystem", component.Ecosystem) };
            AddIf(properties, "palisade:path", component.Path);
            AddIf(properties, "palisade:layer", component.Layer);
            AddIf(properties, "palisade:source-package", component.SourcePackage);
            AddIf(properties, "palisade:source-version", component.SourceVersion);
            AddIf(properties, "palisade:architecture", component.Architecture);
            components.Add(new CdxComponent(bomRef, "library", component.Name, component.Version, component.Purl, properties));
        }
        var vulnerabilities = new List<CdxVulnerability>();
        foreach (var finding in result.Findings.Where(f => f.Vulnerability is not null))
        {
            var v = finding.Vulnerability!;
            var target = refs.GetValueOrDefault((v.Package, v.InstalledVersion, finding.Target.Location?.File, finding.Target.Layer))
                ?? refs.FirstOrDefault(r => r.Key.Item1 == v.Package && r.Key.Item2 == v.InstalledVersion).Value;
            if (target is null)
            {
                continue;
            }
            var ratings = new List<CdxRating> { new(new CdxSource(v.SeveritySource), finding.Severity.ToSlug(), null, null) };
            var properties = new List<CdxProperty> { new("palisade:status", v.Status), new("palisade:data-source", v.DataSource) };
            AddIf(properties, "palisade:fixed-version", v.FixedVersion);
            if (v.KnownExploited)
            {
                properties.Add(new CdxProperty("palisade:cisa-kev", "true"));
            }
            if (v.Epss is { } epss)
            {
                properties.Add(new CdxProperty("palisade:epss", epss.ToString("0.#####", CultureInfo.InvariantCulture)));
            }
            vulnerabilities.Add(new CdxVulnerability($"{v.Id}/{target}", v.Id, new CdxSource(v.DataSource), ratings, finding.Check.Description,
                finding.Check.Remediation, [new CdxAffects(target, [new CdxAffectedVersion(v.InstalledVersion, "affected")])], properties));
        }
        var bom = new CdxBom("CycloneDX", "1.5", $"urn:uuid:{options.DocumentId}", 1,
            new CdxMetadata(result.Scan.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                new CdxTools([new CdxComponent(null, "application", "palisade", options.ToolVersion, null, null)]),
                new CdxComponent("image", "container", sbom.Subject, null, null, sbom.Digest is { } digest ? [new CdxProperty("palisade:image-id", digest)] : null)),
            components, vulnerabilities);
        await output.WriteAsync(JsonSerializer.Serialize(bom, Context.CdxBom).AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
    }

    private static void AddIf(List<CdxProperty> properties, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties.Add(new CdxProperty(name, value));
        }
    }
}
