using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Core.Registration;
using Palisade.Core.Scanning;

namespace Palisade.Reporting.Spdx;

/// <summary>
/// An SPDX 2.3 JSON document of what the scan inventoried: the scanned subject as the described package, its
/// operating system and every package it CONTAINS, each with its purl, and where it was found as an annotation.
/// SPDX 2.3 has no place for vulnerabilities: use CycloneDX (or JSON) for those.
/// </summary>
[RegistrationOrder(5)]
public sealed class SpdxWriter : IReportWriter
{
    private const string NoAssertion = "NOASSERTION";
    private static readonly SpdxContext Context = new(new JsonSerializerOptions(SpdxContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public string Format => "spdx";

    public bool NeedsInventory => true;

    public async Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
    {
        var inventory = result.Inventory ?? new Inventory(result.Scan.Targets.Count > 0 ? result.Scan.Targets[0] : result.Scan.Kind, null, null, []);
        var created = result.Scan.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        const string subjectId = "SPDXRef-Subject";
        var packages = new List<SpdxPackage>
        {
            Package(subjectId, inventory.Subject, null, "CONTAINER", null, null, null),
        };
        var relationships = new List<SpdxRelationship> { new("SPDXRef-DOCUMENT", "DESCRIBES", subjectId) };
        if (inventory.OperatingSystemId is { } os)
        {
            packages.Add(Package("SPDXRef-OperatingSystem", os, inventory.OperatingSystemVersion, "OPERATING-SYSTEM", null, null, null));
            relationships.Add(new SpdxRelationship(subjectId, "CONTAINS", "SPDXRef-OperatingSystem"));
        }
        foreach (var (component, index) in inventory.Components.Select((c, i) => (c, i + 1)))
        {
            var id = $"SPDXRef-Package-{index}";
            var where = string.Join("; ", new[] { component.Path is { Length: > 0 } p ? $"path {p}" : null, component.Layer is { Length: > 0 } l ? $"layer {l}" : null }.OfType<string>());
            packages.Add(Package(id, component.Name, component.Version, "LIBRARY",
                component.SourcePackage is { } source ? $"built from source package {source}" : null,
                component.Purl is { } purl ? [new SpdxExternalRef("PACKAGE-MANAGER", "purl", purl)] : null,
                where.Length == 0 ? null : [new SpdxAnnotation(created, "OTHER", $"Tool: palisade-{options.ToolVersion}", $"found by the {component.Ecosystem} analyzer at {where}")]));
            relationships.Add(new SpdxRelationship(subjectId, "CONTAINS", id));
        }
        var document = new SpdxDocument("SPDX-2.3", "CC0-1.0", "SPDXRef-DOCUMENT", inventory.Subject,
            $"https://spdx.org/spdxdocs/palisade/{Uri.EscapeDataString(Slug(inventory.Subject))}-{options.DocumentId}",
            new SpdxCreationInfo(created, [$"Tool: palisade-{options.ToolVersion}"]), [subjectId], packages, relationships);
        await output.WriteAsync(JsonSerializer.Serialize(document, Context.SpdxDocument).AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
    }

    private static SpdxPackage Package(string id, string name, string? version, string purpose, string? sourceInfo, IReadOnlyList<SpdxExternalRef>? refs, IReadOnlyList<SpdxAnnotation>? annotations) =>
        new(id, name, version, NoAssertion, false, NoAssertion, NoAssertion, NoAssertion, purpose, sourceInfo, refs, annotations);

    /// <summary>The subject's name reduced to what reads well in a URI path.</summary>
    private static string Slug(string subject)
    {
        var builder = new StringBuilder(subject.Length);
        foreach (var c in Path.GetFileName(subject.TrimEnd('/')) is { Length: > 0 } file ? file : subject)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        }
        return builder.ToString().Trim('-') is { Length: > 0 } slug ? slug : "scan";
    }
}
