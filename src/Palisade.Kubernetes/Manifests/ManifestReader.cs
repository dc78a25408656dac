using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Manifests;

/// <summary>The objects of one input and what could not be read of it.</summary>
public sealed record ManifestBatch(IReadOnlyList<KubernetesObject> Objects, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>Turns the bytes of one input into Kubernetes objects, flattening <c>List</c> kinds.</summary>
public sealed class ManifestReader(DocumentLimits limits)
{
    public DocumentLimits Limits => limits;

    public ManifestBatch Read(string source, ReadOnlySpan<byte> bytes, ILocationResolver? resolver = null)
    {
        if (bytes.Length > limits.MaxFileBytes)
        {
            return new ManifestBatch([], [TooLarge(source, bytes.Length)]);
        }
        if (!TextInput.TryDecode(bytes, out var text, out var decodeError))
        {
            return new ManifestBatch([], [new Diagnostic(source, decodeError!.Line, decodeError.Message)]);
        }
        return Read(source, text, resolver);
    }

    public ManifestBatch Read(string source, string text, ILocationResolver? resolver = null)
    {
        var outcome = new StructuredText(limits).Parse(text, source);
        resolver ??= HelmSourceMap.Detect(text);
        var objects = new List<KubernetesObject>();
        var diagnostics = outcome.Errors.Select(e => new Diagnostic(source, e.Line, e.Message)).ToList();
        foreach (var document in outcome.Documents)
        {
            AddDocument(document.Root, source, resolver, objects, diagnostics, nested: false);
        }
        return new ManifestBatch(objects, diagnostics);
    }

    /// <summary>Objects from a node already parsed (e.g. an item of an examples file); List kinds are flattened.</summary>
    public static ManifestBatch FromNode(YamlNode root, string source)
    {
        var objects = new List<KubernetesObject>();
        var diagnostics = new List<Diagnostic>();
        AddDocument(root, source, null, objects, diagnostics, nested: false);
        return new ManifestBatch(objects, diagnostics);
    }

    public Diagnostic TooLarge(string source, long size) =>
        new(source, null, $"file is {size:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit; not read");

    private static void AddDocument(YamlNode root, string source, ILocationResolver? resolver, List<KubernetesObject> objects, List<Diagnostic> diagnostics, bool nested)
    {
        var line = root.Start.Line;
        switch (root)
        {
            case YamlScalar scalar when scalar.IsNull:
                return;
            case YamlScalar:
                diagnostics.Add(new Diagnostic(source, line, "document is a scalar, not a Kubernetes object"));
                return;
            case YamlSequence:
                diagnostics.Add(new Diagnostic(source, line, "document is a list, not a Kubernetes object (use kind: List with items)"));
                return;
        }
        var mapping = (YamlMapping)root;
        var obj = KubernetesObject.From(mapping, source, out var problem);
        if (obj is null)
        {
            diagnostics.Add(new Diagnostic(source, line, problem!, nested ? DiagnosticLevel.Error : DiagnosticLevel.Notice));
            return;
        }
        if (obj.Kind.EndsWith("List", StringComparison.Ordinal) && mapping.Seq("items") is { } items)
        {
            foreach (var item in items.Items)
            {
                AddDocument(item, source, resolver, objects, diagnostics, nested: true);
            }
            return;
        }
        if (!KnownKinds.All.Contains(obj.Kind))
        {
            diagnostics.Add(new Diagnostic(source, line, $"{obj.Kind} ({obj.ApiVersion}) is not a built-in kind; no checks apply", DiagnosticLevel.Notice));
        }
        objects.Add(obj with { Resolver = resolver });
    }
}
