namespace Palisade.Core.Scanning;

/// <summary>What a scanned subject is made of: its operating system and its packages, each with its package URL.</summary>
public sealed record Inventory(string Subject, string? OperatingSystemId, string? OperatingSystemVersion, IReadOnlyList<InventoryComponent> Components)
{
    /// <summary>The image's id (the digest of its configuration) or another stable digest of what was inventoried.</summary>
    public string? Digest { get; init; }
}

/// <summary>One package: name, version, ecosystem and where it was found.</summary>
public sealed record InventoryComponent(string Name, string Version, string Ecosystem)
{
    public string? Purl { get; init; }

    public string? Path { get; init; }

    public string? Layer { get; init; }

    /// <summary>The source package it was built from, when that differs from its name (Debian, RPM, Alpine origins).</summary>
    public string? SourcePackage { get; init; }

    /// <summary>The source package's version, when it differs from the package's (a Debian binNMU).</summary>
    public string? SourceVersion { get; init; }

    public string? Architecture { get; init; }

    public IReadOnlyList<string> Licenses { get; init; } = [];
}
