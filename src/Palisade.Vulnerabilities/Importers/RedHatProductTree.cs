using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>An rpm named in a CSAF document, with its version (epoch:version-release) when given and its release ecosystem.</summary>
internal sealed record RedHatComponent(string Name, string? Version, string? Ecosystem);

/// <summary>
/// A CSAF product tree: products (from the branches and full_product_names) with their CPE or purl, and the
/// relationships that make "platform:component" product ids.
/// </summary>
internal sealed partial class ProductTree
{
    private readonly Dictionary<string, (string? Cpe, string? Purl)> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Component, string Platform)> _relationships = new(StringComparer.Ordinal);

    public static ProductTree Read(JsonElement tree)
    {
        var read = new ProductTree();
        read.Branches(RedHatCsafImporter.Property(tree, "branches"), 0);
        read.Products(RedHatCsafImporter.Property(tree, "full_product_names"));
        if (RedHatCsafImporter.Property(tree, "relationships") is { ValueKind: JsonValueKind.Array } relationships)
        {
            foreach (var relationship in relationships.EnumerateArray())
            {
                if (RedHatCsafImporter.Text(RedHatCsafImporter.Property(relationship, "full_product_name"), "product_id") is { } id
                    && RedHatCsafImporter.Text(relationship, "product_reference") is { } component
                    && RedHatCsafImporter.Text(relationship, "relates_to_product_reference") is { } platform)
                {
                    read._relationships[id] = (component, platform);
                }
            }
        }
        return read;
    }

    /// <summary>The component a product id names and the RHEL release it belongs to; null when it is not an rpm.</summary>
    public RedHatComponent? Resolve(string id)
    {
        string component, platform;
        if (_relationships.TryGetValue(id, out var relation))
        {
            (component, platform) = relation;
        }
        else if (id.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && !_products.ContainsKey(id))
        {
            // "red_hat_enterprise_linux_7:pam": a platform and a bare component name, as unfixed entries are written.
            (platform, component) = (id[..colon], id[(colon + 1)..]);
        }
        else
        {
            return null;
        }
        var ecosystem = EcosystemOf(platform);
        if (_products.TryGetValue(component, out var product) && product.Purl is { } purl)
        {
            return PurlComponent(purl, ecosystem);
        }
        var match = ProductVersion().Match(component);
        if (match.Success)
        {
            var epoch = match.Groups["epoch"].Value;
            var version = $"{match.Groups["version"].Value}-{match.Groups["release"].Value}";
            return new RedHatComponent(match.Groups["name"].Value, epoch is "" or "0" ? version : $"{epoch}:{version}", ecosystem);
        }
        return BareName().IsMatch(component) ? new RedHatComponent(component, null, ecosystem) : null;
    }

    private string? EcosystemOf(string platform)
    {
        var cpe = _products.TryGetValue(platform, out var product) ? product.Cpe : null;
        var match = cpe is not null ? RhelCpe().Match(cpe) : RhelPlatformId().Match(platform);
        return match.Success ? "Red Hat:" + match.Groups[1].Value : null;
    }

    private static RedHatComponent? PurlComponent(string purl, string? ecosystem)
    {
        if (!purl.StartsWith("pkg:rpm/", StringComparison.Ordinal))
        {
            return null;
        }
        var query = purl.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? purl : purl[..query];
        var parameters = query < 0 ? "" : purl[(query + 1)..];
        var at = path.LastIndexOf('@');
        var name = Uri.UnescapeDataString((at < 0 ? path : path[..at])[(path.LastIndexOf('/') + 1)..]);
        var version = at < 0 ? null : Uri.UnescapeDataString(path[(at + 1)..]);
        var epoch = parameters.Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "epoch").Select(p => p[1]).FirstOrDefault();
        if (version is not null && epoch is { Length: > 0 } and not "0")
        {
            version = $"{epoch}:{version}";
        }
        return new RedHatComponent(name, version, ecosystem);
    }

    private void Branches(JsonElement branches, int depth)
    {
        if (branches.ValueKind != JsonValueKind.Array || depth > 16)
        {
            return;
        }
        foreach (var branch in branches.EnumerateArray())
        {
            Product(RedHatCsafImporter.Property(branch, "product"));
            Branches(RedHatCsafImporter.Property(branch, "branches"), depth + 1);
        }
    }

    private void Products(JsonElement list)
    {
        if (list.ValueKind == JsonValueKind.Array)
        {
            foreach (var product in list.EnumerateArray())
            {
                Product(product);
            }
        }
    }

    private void Product(JsonElement product)
    {
        if (RedHatCsafImporter.Text(product, "product_id") is { } id)
        {
            var helper = RedHatCsafImporter.Property(product, "product_identification_helper");
            _products[id] = (RedHatCsafImporter.Text(helper, "cpe"), RedHatCsafImporter.Text(helper, "purl"));
        }
    }

    [GeneratedRegex(@"^cpe:/[ao]:redhat:enterprise_linux:(\d+)(?:[:.]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex RhelCpe();

    [GeneratedRegex(@"^red_hat_enterprise_linux_(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RhelPlatformId();

    [GeneratedRegex(@"^(?<name>.+)-(?<epoch>\d+):(?<version>[^-:]+)-(?<release>[^-:]+)\.(?<arch>[a-z0-9_]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ProductVersion();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex BareName();
}
