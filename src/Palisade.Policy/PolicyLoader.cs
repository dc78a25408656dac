using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Admission;
using Palisade.Policy.Custom;

namespace Palisade.Policy;

/// <summary>
/// Loads <c>--policy</c> paths (files, or directories read recursively for .yaml, .yml and .json): admission
/// policies and bindings, custom checks, and any other object as a candidate param. A document that is wrong is a
/// diagnostic naming the file and line; the rest still load.
/// </summary>
public static class PolicyLoader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static (PolicySet Set, IReadOnlyList<Diagnostic> Diagnostics) Load(IEnumerable<string> paths, string workingDirectory, Func<string, bool> checkIdTaken)
    {
        var diagnostics = new List<Diagnostic>();
        var objects = new List<KubernetesObject>();
        var reader = new ManifestReader(DocumentLimits.Default);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, workingDirectory);
            IEnumerable<string> files = Directory.Exists(full)
                ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
                : File.Exists(full) ? [full] : [];
            if (!Directory.Exists(full) && !File.Exists(full))
            {
                diagnostics.Add(new Diagnostic(path, null, "policy path does not exist"));
                continue;
            }
            foreach (var file in files)
            {
                var shown = Path.IsPathRooted(path) ? file : Path.GetRelativePath(workingDirectory, file);
                try
                {
                    var info = new FileInfo(file);
                    if (info.Length > reader.Limits.MaxFileBytes)
                    {
                        diagnostics.Add(reader.TooLarge(shown, info.Length));
                        continue;
                    }
                    var batch = reader.Read(shown, File.ReadAllBytes(file));
                    objects.AddRange(batch.Objects);
                    // Notices (a kind with no built-in checks) are what policy files are made of; only errors matter here.
                    diagnostics.AddRange(batch.Diagnostics.Where(d => d.Level == DiagnosticLevel.Error));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    diagnostics.Add(new Diagnostic(shown, null, $"cannot read policy file: {ex.Message}"));
                }
            }
        }
        var (set, problems) = FromObjects(objects, checkIdTaken);
        diagnostics.AddRange(problems.Select(p => new Diagnostic(p.Location.File, p.Location.Line, p.Message)));
        diagnostics.AddRange(set.Notes);
        return (set, diagnostics);
    }

    public static (PolicySet Set, IReadOnlyList<PolicyProblem> Problems) FromObjects(IEnumerable<KubernetesObject> objects, Func<string, bool> checkIdTaken)
    {
        var problems = new List<PolicyProblem>();
        var policies = new List<ValidatingPolicy>();
        var bindings = new List<PolicyBinding>();
        var checks = new List<CustomCheck>();
        var others = new List<KubernetesObject>();
        foreach (var obj in objects)
        {
            switch (obj.Kind)
            {
                case "ValidatingAdmissionPolicy" when obj.Group == "admissionregistration.k8s.io":
                    if (AdmissionPolicyReader.ReadPolicy(obj, problems) is { } policy)
                    {
                        if (policies.Any(p => p.Name == policy.Name))
                        {
                            problems.Add(new PolicyProblem(policy.Source, $"ValidatingAdmissionPolicy '{policy.Name}' is defined twice; the first is used"));
                        }
                        else
                        {
                            policies.Add(policy);
                        }
                    }
                    break;
                case "ValidatingAdmissionPolicyBinding" when obj.Group == "admissionregistration.k8s.io":
                    if (AdmissionPolicyReader.ReadBinding(obj, problems) is { } binding)
                    {
                        bindings.Add(binding);
                    }
                    break;
                case CustomCheckReader.Kind when obj.Group == "palisade.dev":
                    if (CustomCheckReader.Read(obj, id => checkIdTaken(id) || checks.Any(c => c.Info.Id.Value == id), problems) is { } check)
                    {
                        checks.Add(check);
                    }
                    break;
                default:
                    others.Add(obj);
                    break;
            }
        }
        return (new PolicySet(policies, bindings, checks, others), problems);
    }
}
