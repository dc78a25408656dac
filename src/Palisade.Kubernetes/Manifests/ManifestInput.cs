namespace Palisade.Kubernetes.Manifests;

/// <summary>Something to read manifests from.</summary>
public abstract record ManifestInput(string DisplayName);

public sealed record FileInput(string Path) : ManifestInput(Path);

public sealed record StandardInput() : ManifestInput("<stdin>");

/// <summary>A directory with a kustomization file, rendered with <c>kubectl kustomize</c>.</summary>
public sealed record KustomizeInput(string Directory) : ManifestInput(Directory);
