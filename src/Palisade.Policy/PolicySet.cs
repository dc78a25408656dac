using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Admission;
using Palisade.Policy.Custom;

namespace Palisade.Policy;

/// <summary>
/// Everything <c>--policy</c> loaded: admission policies with their bindings, custom checks, and the other objects of
/// the policy files (candidate params). Runs on every scanned object through <see cref="IObjectPolicies"/>.
/// </summary>
public sealed class PolicySet : IObjectPolicies
{
    /// <summary>Who "creates" the scanned objects: an authenticated user with no other group, as nothing better is known offline.</summary>
    public const string RequestUser = "palisade";

    public PolicySet(IReadOnlyList<ValidatingPolicy> policies, IReadOnlyList<PolicyBinding> bindings, IReadOnlyList<CustomCheck> checks, IReadOnlyList<KubernetesObject> paramObjects)
    {
        Policies = policies;
        Bindings = bindings;
        Checks = checks;
        ParamObjects = paramObjects;
        var bound = new List<BoundPolicy>();
        var notes = new List<Diagnostic>();
        foreach (var binding in bindings)
        {
            if (policies.FirstOrDefault(p => p.Name == binding.PolicyName) is { } policy)
            {
                bound.Add(BoundPolicy.Of(policy, binding));
            }
            else
            {
                notes.Add(new Diagnostic(binding.Source.File, binding.Source.Line, $"ValidatingAdmissionPolicyBinding '{binding.Name}' names policy '{binding.PolicyName}', which is not among the policies given; it does nothing", DiagnosticLevel.Notice));
            }
        }
        foreach (var policy in policies.Where(p => !bindings.Any(b => b.PolicyName == p.Name)))
        {
            // An unbound policy does nothing in a cluster; offline the user wants to see what it would deny.
            if (policy.ParamKind is not null)
            {
                notes.Add(new Diagnostic(policy.Source.File, policy.Source.Line, $"ValidatingAdmissionPolicy '{policy.Name}' has paramKind but no binding to say which params: not evaluated", DiagnosticLevel.Notice));
                continue;
            }
            var implicitBinding = new PolicyBinding("(no binding: evaluated as Deny)", policy.Source, policy.Name, null, null, ["Deny"], null);
            bound.Add(BoundPolicy.Of(policy, implicitBinding));
            notes.Add(new Diagnostic(policy.Source.File, policy.Source.Line, $"ValidatingAdmissionPolicy '{policy.Name}' has no binding: evaluated as if bound with validationActions [Deny] on everything it matches", DiagnosticLevel.Notice));
        }
        Bound = bound;
        Notes = notes;
    }

    public IReadOnlyList<ValidatingPolicy> Policies { get; }

    public IReadOnlyList<PolicyBinding> Bindings { get; }

    public IReadOnlyList<CustomCheck> Checks { get; }

    public IReadOnlyList<KubernetesObject> ParamObjects { get; }

    internal IReadOnlyList<BoundPolicy> Bound { get; }

    /// <summary>Notices about the set itself (unbound policies, bindings without their policy).</summary>
    public IReadOnlyList<Diagnostic> Notes { get; }

    public bool IsEmpty => Bound.Count == 0 && Checks.Count == 0;

    /// <summary>The check ids the set's findings carry (vap.* and the custom checks'), which --check and --skip may name.</summary>
    public IEnumerable<string> CheckIds => Bound.Select(b => b.Info.Id.Value).Concat(Checks.Select(c => c.Info.Id.Value)).Distinct();

    public IObjectPolicyScan Start(ManifestContext context, IAuthorizer? authorizer) => new PolicyScan(this, authorizer);
}

/// <summary>A policy with one binding, and the check definition its findings carry.</summary>
internal sealed record BoundPolicy(ValidatingPolicy Policy, PolicyBinding Binding, CheckInfo Info, bool UsesNamespaceObject)
{
    public static BoundPolicy Of(ValidatingPolicy policy, PolicyBinding binding)
    {
        var severity = binding.Severity ?? policy.Severity
            ?? (binding.ValidationActions.Contains("Deny") ? Severity.High : binding.ValidationActions.Contains("Warn") ? Severity.Medium : Severity.Low);
        var info = CheckInfo.Define($"vap.{CheckSlug(policy.Name)}", $"ValidatingAdmissionPolicy {policy.Name}", severity,
            $"The object would be refused or flagged by the admission policy '{policy.Name}' ({policy.Source}).",
            "Change the object so that the policy's validations hold, or exclude it in the policy's binding.", []) with { Mitre = policy.Attack };
        return new BoundPolicy(policy, binding, info, Expressions(policy).Any(e => e.Program.References.Contains("namespaceObject")));
    }

    private static IEnumerable<CompiledExpression> Expressions(ValidatingPolicy policy) =>
        policy.MatchConditions.Select(c => c.Expression).Concat(policy.Variables.Select(v => v.Expression)).Concat(policy.Validations.SelectMany(v => v.MessageExpression is null ? [v.Expression] : new[] { v.Expression, v.MessageExpression }))
            .Concat(policy.AuditAnnotations.Select(a => a.Expression));

    /// <summary>Policy names are DNS subdomains; a check id is lower-case words with dots and dashes, which they already are.</summary>
    private static string CheckSlug(string name)
    {
        var words = name.ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => string.Join('-', new string([.. w.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Split('-', StringSplitOptions.RemoveEmptyEntries)))
            .Where(w => w.Length > 0);
        return string.Join('.', words) is { Length: > 0 } slug ? slug : "unnamed";
    }
}
