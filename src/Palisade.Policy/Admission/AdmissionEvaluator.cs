using Palisade.Policy.Cel;

namespace Palisade.Policy.Admission;

/// <summary>
/// Evaluates one policy for one request and one set of params, as the API server's validating admission policy
/// plugin does: matchConditions first (all must hold), then variables, validations and audit annotations. A runtime
/// error is a denial under failurePolicy Fail and nothing under Ignore.
/// </summary>
public static class AdmissionEvaluator
{
    public const long CostLimit = 1_000_000;

    /// <param name="shared">Values of shareable variables already computed for this object (see <see cref="NamedExpression.SharedKey"/>).</param>
    /// <param name="activationIsShared">The activation is the object's one for every policy without params, so the activation with variables may be shared too.</param>
    public static IReadOnlyList<Violation> Evaluate(ValidatingPolicy policy, IReadOnlyDictionary<string, object?> activation, Dictionary<string, object?> shared, bool activationIsShared,
        out IReadOnlyList<(string Key, string Value)> auditAnnotations)
    {
        auditAnnotations = [];
        var violations = new List<Violation>();
        foreach (var condition in policy.MatchConditions)
        {
            switch (condition.Expression.Program.Evaluate(activation, CostLimit))
            {
                case true:
                    continue;
                case false:
                    return [];
                case CelError error:
                    return Failed(policy, $"matchCondition '{condition.Name}' could not be evaluated: {error.Message}", condition.Expression);
                case var other:
                    return Failed(policy, $"matchCondition '{condition.Name}' gave {CelLibrary.TypeOf(other).Name}, not bool", condition.Expression);
            }
        }
        var withVariables = WithVariables(policy, activation, shared, activationIsShared);
        foreach (var validation in policy.Validations)
        {
            var result = validation.Expression.Program.Evaluate(withVariables, CostLimit);
            if (result is true)
            {
                continue;
            }
            if (result is false)
            {
                violations.Add(new Violation(Message(validation, withVariables), validation.Reason, validation.FieldPath, validation.Expression, IsError: false));
                continue;
            }
            var problem = result is CelError error ? error.Message : $"gave {CelLibrary.TypeOf(result).Name}, not bool";
            if (policy.FailOnError)
            {
                violations.Add(new Violation($"expression '{validation.Expression.Text}' resulted in error: {problem}", "Invalid", validation.FieldPath, validation.Expression, IsError: true));
            }
        }
        var annotations = new List<(string, string)>();
        foreach (var annotation in policy.AuditAnnotations)
        {
            switch (annotation.Expression.Program.Evaluate(withVariables, CostLimit))
            {
                case string value:
                    annotations.Add((annotation.Name, value));
                    break;
                case null:
                    break;
                case var other when policy.FailOnError:
                    violations.Add(new Violation($"auditAnnotation '{annotation.Name}' valueExpression {(other is CelError e ? "resulted in error: " + e.Message : "gave " + CelLibrary.TypeOf(other).Name + ", not string")}",
                        "Invalid", null, annotation.Expression, IsError: true));
                    break;
            }
        }
        auditAnnotations = annotations;
        return violations;
    }

    private static List<Violation> Failed(ValidatingPolicy policy, string message, CompiledExpression expression) =>
        policy.FailOnError ? [new Violation(message, "Invalid", null, expression, IsError: true)] : [];

    /// <summary>
    /// The activation with <c>variables</c>: each evaluated when first read, as the API server does, against the ones
    /// before it (an error stays a value until used); a shareable one computed once per object.
    /// </summary>
    private static IReadOnlyDictionary<string, object?> WithVariables(ValidatingPolicy policy, IReadOnlyDictionary<string, object?> activation, Dictionary<string, object?> shared, bool activationIsShared)
    {
        if (policy.Variables.Count == 0)
        {
            return activation;
        }
        // Policies whose variables are all shareable and alike (exported ones) share one lazily filled map per object,
        // and, when their activation is the object's common one, the whole activation.
        if (policy.VariableSetKey is { } setKey && shared.TryGetValue(setKey, out var known) && known is (CelMap sharedVariables, IReadOnlyDictionary<string, object?> sharedActivation))
        {
            return activationIsShared ? sharedActivation : new Dictionary<string, object?>(activation) { ["variables"] = sharedVariables };
        }
        var variables = new CelMap();
        var extended = new Dictionary<string, object?>(activation) { ["variables"] = variables };
        foreach (var variable in policy.Variables)
        {
            variables.TryAdd(variable.Name, new CelLazy(() =>
            {
                if (variable.SharedKey is { } key && shared.TryGetValue(key, out var value))
                {
                    return value;
                }
                value = variable.Expression.Program.Evaluate(extended, CostLimit);
                if (variable.SharedKey is { } newKey)
                {
                    shared[newKey] = value;
                }
                return value;
            }));
        }
        if (policy.VariableSetKey is { } newSetKey && activationIsShared)
        {
            shared[newSetKey] = (variables, (IReadOnlyDictionary<string, object?>)extended);
        }
        return extended;
    }

    /// <summary>messageExpression when it gives a non-empty single-line string, else message, else the API server's default text.</summary>
    private static string Message(Validation validation, IReadOnlyDictionary<string, object?> activation)
    {
        if (validation.MessageExpression?.Program.Evaluate(activation, CostLimit) is string text && text.Trim().Length > 0 && !text.Contains('\n', StringComparison.Ordinal))
        {
            return text.Trim();
        }
        return validation.Message ?? $"failed expression: {validation.Expression.Text}";
    }
}

/// <summary>A validation that failed (or could not be evaluated under failurePolicy Fail).</summary>
public sealed record Violation(string Message, string Reason, string? FieldPath, CompiledExpression Expression, bool IsError);
