using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Cel;

namespace Palisade.Policy.Admission;

/// <summary>Reads ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding objects strictly and compiles their expressions.</summary>
public static class AdmissionPolicyReader
{
    public const string ApiVersion = "admissionregistration.k8s.io/v1";
    public const string SeverityAnnotation = "palisade.dev/severity";
    public const string AttackAnnotation = "palisade.dev/attack";

    private static readonly string[] BaseVariables = ["object", "oldObject", "request", "params", "namespaceObject", "authorizer"];

    public static ValidatingPolicy? ReadPolicy(KubernetesObject obj, List<PolicyProblem> problems)
    {
        var reader = new ObjectReader(obj.File, problems);
        if (!CheckHeader(obj, reader))
        {
            return null;
        }
        var spec = reader.Map(obj.Root, "spec", "ValidatingAdmissionPolicy", required: true);
        if (spec is null)
        {
            return null;
        }
        reader.Closed(spec, "spec", "paramKind", "matchConstraints", "validations", "failurePolicy", "auditAnnotations", "matchConditions", "variables");
        ParamKind? paramKind = null;
        if (reader.Map(spec, "paramKind", "spec") is { } pk)
        {
            reader.Closed(pk, "spec.paramKind", "apiVersion", "kind");
            paramKind = new ParamKind(reader.Str(pk, "apiVersion", "spec.paramKind", required: true) ?? "", reader.Str(pk, "kind", "spec.paramKind", required: true) ?? "");
        }
        var constraints = reader.Map(spec, "matchConstraints", "spec", required: true) is { } mc ? ReadMatch(mc, "spec.matchConstraints", reader) : null;
        if (constraints is not null && constraints.ResourceRules.Count == 0)
        {
            reader.Problem(spec, "spec.matchConstraints.resourceRules: required (a policy must say which resources it applies to)");
        }
        var failOnError = reader.Enum(spec, "failurePolicy", "spec", "Fail", "Fail", "Ignore") == "Fail";

        var declared = new HashSet<string>(BaseVariables, StringComparer.Ordinal);
        var matchConditions = Named(spec, "matchConditions", "name", "expression", new CelDeclarations(declared), reader);
        var variables = new List<NamedExpression>();
        var variableNames = new HashSet<string>(StringComparer.Ordinal);
        var withVariables = new HashSet<string>(declared) { "variables" };
        foreach (var (item, i) in reader.Maps(spec, "variables", "spec").Select((m, i) => (m, i)))
        {
            var where = $"spec.variables[{i}]";
            reader.Closed(item, where, "name", "expression");
            var name = reader.Str(item, "name", where, required: true);
            // A variable sees the ones declared before it.
            if (name is not null && Compile(item, "expression", where, new CelDeclarations(withVariables, new HashSet<string>(variableNames)), reader) is { } expression)
            {
                if (!variableNames.Add(name))
                {
                    reader.Problem(item, $"{where}.name: '{name}' is declared twice");
                }
                variables.Add(new NamedExpression(name, expression) { SharedKey = SharedKey(expression, variables) });
            }
        }
        var full = new CelDeclarations(withVariables, variableNames);
        var validations = new List<Validation>();
        foreach (var (item, i) in reader.Maps(spec, "validations", "spec").Select((m, i) => (m, i)))
        {
            var where = $"spec.validations[{i}]";
            reader.Closed(item, where, "expression", "message", "reason", "messageExpression", "fieldPath");
            var expression = Compile(item, "expression", where, full, reader);
            var messageExpression = item.Entry("messageExpression") is not null ? Compile(item, "messageExpression", where, full, reader) : null;
            var reason = reader.Enum(item, "reason", where, "Invalid", "Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge");
            if (expression is not null)
            {
                validations.Add(new Validation(expression, reader.Str(item, "message", where), messageExpression, reason, reader.Str(item, "fieldPath", where)));
            }
        }
        var auditAnnotations = Named(spec, "auditAnnotations", "key", "valueExpression", full, reader);
        if (validations.Count == 0 && auditAnnotations.Count == 0 && !reader.Failed)
        {
            reader.Problem(spec, "spec: a policy needs validations or auditAnnotations");
        }
        var severity = ReadSeverity(obj, reader);
        var attack = ReadAttack(obj, reader);
        return reader.Failed || constraints is null ? null
            : new ValidatingPolicy(obj.Name, reader.At(obj.Root), paramKind, constraints, matchConditions, variables, validations, auditAnnotations, failOnError, attack, severity);
    }

    public static PolicyBinding? ReadBinding(KubernetesObject obj, List<PolicyProblem> problems)
    {
        var reader = new ObjectReader(obj.File, problems);
        if (!CheckHeader(obj, reader))
        {
            return null;
        }
        var spec = reader.Map(obj.Root, "spec", "ValidatingAdmissionPolicyBinding", required: true);
        if (spec is null)
        {
            return null;
        }
        reader.Closed(spec, "spec", "policyName", "paramRef", "matchResources", "validationActions");
        var policyName = reader.Str(spec, "policyName", "spec", required: true);
        ParamRef? paramRef = null;
        if (reader.Map(spec, "paramRef", "spec") is { } pr)
        {
            reader.Closed(pr, "spec.paramRef", "name", "namespace", "selector", "parameterNotFoundAction");
            var name = reader.Str(pr, "name", "spec.paramRef");
            var selector = reader.Map(pr, "selector", "spec.paramRef");
            if ((name is null) == (selector is null))
            {
                reader.Problem(pr, "spec.paramRef: exactly one of name and selector is required");
            }
            if (selector is not null)
            {
                CheckSelector(selector, "spec.paramRef.selector", reader);
            }
            var action = reader.Enum(pr, "parameterNotFoundAction", "spec.paramRef", "", "Allow", "Deny");
            if (pr.Entry("parameterNotFoundAction") is null)
            {
                reader.Problem(pr, "spec.paramRef.parameterNotFoundAction: required (Allow or Deny)");
            }
            paramRef = new ParamRef(name, reader.Str(pr, "namespace", "spec.paramRef"), selector, action == "Deny");
        }
        var match = reader.Map(spec, "matchResources", "spec") is { } mr ? ReadMatch(mr, "spec.matchResources", reader) : null;
        var actions = reader.Strings(spec, "validationActions", "spec");
        var actionsNode = spec.Entry("validationActions")?.Value ?? spec;
        if (actions.Count == 0)
        {
            reader.Problem(actionsNode, "spec.validationActions: required (one or more of Deny, Warn, Audit)");
        }
        foreach (var action in actions.Where(a => a is not ("Deny" or "Warn" or "Audit")))
        {
            reader.Problem(actionsNode, $"spec.validationActions: '{action}' is not Deny, Warn or Audit");
        }
        if (actions.Contains("Deny") && actions.Contains("Warn"))
        {
            reader.Problem(actionsNode, "spec.validationActions: Deny and Warn may not be used together");
        }
        var severity = ReadSeverity(obj, reader);
        return reader.Failed ? null : new PolicyBinding(obj.Name, reader.At(obj.Root), policyName!, paramRef, match, actions, severity);
    }

    /// <summary>The variable's text and its dependencies' keys; null when it reads params (which differ between bindings).</summary>
    private static string? SharedKey(CompiledExpression expression, IReadOnlyList<NamedExpression> earlier)
    {
        var references = expression.Program.References;
        if (references.Contains("params"))
        {
            return null;
        }
        var key = new System.Text.StringBuilder(expression.Text.Trim());
        foreach (var used in earlier.Where(v => references.Contains("variables." + v.Name)))
        {
            if (used.SharedKey is null)
            {
                return null;
            }
            key.Append('\u0001').Append(used.Name).Append('=').Append(used.SharedKey);
        }
        return key.ToString();
    }

    private static bool CheckHeader(KubernetesObject obj, ObjectReader reader)
    {
        if (obj.ApiVersion != ApiVersion)
        {
            reader.Problem(obj.Root, $"{obj.Kind} '{obj.Name}': apiVersion '{obj.ApiVersion}' is not {ApiVersion}");
            return false;
        }
        reader.Closed(obj.Root, obj.Kind, "apiVersion", "kind", "metadata", "spec", "status");
        if (string.IsNullOrEmpty(obj.Metadata?.Str("name")))
        {
            reader.Problem(obj.Root, $"{obj.Kind}: metadata.name is required");
            return false;
        }
        return true;
    }

    private static MatchResources ReadMatch(YamlMapping node, string where, ObjectReader reader)
    {
        reader.Closed(node, where, "namespaceSelector", "objectSelector", "resourceRules", "excludeResourceRules", "matchPolicy");
        var namespaceSelector = reader.Map(node, "namespaceSelector", where);
        var objectSelector = reader.Map(node, "objectSelector", where);
        CheckSelector(namespaceSelector, $"{where}.namespaceSelector", reader);
        CheckSelector(objectSelector, $"{where}.objectSelector", reader);
        return new MatchResources(namespaceSelector, objectSelector, Rules(node, "resourceRules", where, reader), Rules(node, "excludeResourceRules", where, reader),
            reader.Enum(node, "matchPolicy", where, "Equivalent", "Equivalent", "Exact") == "Exact");
    }

    private static List<ResourceRule> Rules(YamlMapping node, string key, string where, ObjectReader reader)
    {
        var rules = new List<ResourceRule>();
        foreach (var (rule, i) in reader.Maps(node, key, where).Select((r, i) => (r, i)))
        {
            var at = $"{where}.{key}[{i}]";
            reader.Closed(rule, at, "apiGroups", "apiVersions", "resources", "operations", "scope", "resourceNames");
            var operations = reader.Strings(rule, "operations", at);
            foreach (var op in operations.Where(o => o is not ("*" or "CREATE" or "UPDATE" or "DELETE" or "CONNECT")))
            {
                reader.Problem(rule, $"{at}.operations: '{op}' is not CREATE, UPDATE, DELETE, CONNECT or *");
            }
            rules.Add(new ResourceRule(reader.Strings(rule, "apiGroups", at), reader.Strings(rule, "apiVersions", at), reader.Strings(rule, "resources", at),
                operations, reader.Enum(rule, "scope", at, "*", "*", "Cluster", "Namespaced"), reader.Strings(rule, "resourceNames", at)));
        }
        return rules;
    }

    private static void CheckSelector(YamlMapping? selector, string where, ObjectReader reader)
    {
        if (selector is null)
        {
            return;
        }
        reader.Closed(selector, where, "matchLabels", "matchExpressions");
        foreach (var (expression, i) in reader.Maps(selector, "matchExpressions", where).Select((e, i) => (e, i)))
        {
            var at = $"{where}.matchExpressions[{i}]";
            reader.Closed(expression, at, "key", "operator", "values");
            reader.Str(expression, "key", at, required: true);
            var op = reader.Enum(expression, "operator", at, "", "In", "NotIn", "Exists", "DoesNotExist");
            var values = reader.Strings(expression, "values", at);
            if (op is "In" or "NotIn" && values.Count == 0)
            {
                reader.Problem(expression, $"{at}.values: required for {op}");
            }
            if (op is "Exists" or "DoesNotExist" && values.Count > 0)
            {
                reader.Problem(expression, $"{at}.values: must be empty for {op}");
            }
        }
    }

    private static List<NamedExpression> Named(YamlMapping spec, string key, string nameKey, string expressionKey, CelDeclarations declarations, ObjectReader reader)
    {
        var named = new List<NamedExpression>();
        foreach (var (item, i) in reader.Maps(spec, key, "spec").Select((m, i) => (m, i)))
        {
            var where = $"spec.{key}[{i}]";
            reader.Closed(item, where, nameKey, expressionKey);
            var name = reader.Str(item, nameKey, where, required: true);
            if (name is not null && Compile(item, expressionKey, where, declarations, reader) is { } expression)
            {
                named.Add(new NamedExpression(name, expression));
            }
        }
        return named;
    }

    /// <summary>Compiles an expression field; a compile error names the file, line, field and expression.</summary>
    internal static CompiledExpression? Compile(YamlMapping item, string key, string where, CelDeclarations declarations, ObjectReader reader)
    {
        var text = reader.Str(item, key, where, required: true);
        if (text is null)
        {
            return null;
        }
        var node = item.Entry(key)!.Value;
        try
        {
            return new CompiledExpression(text, CelProgram.Compile(text, declarations), reader.At(node));
        }
        catch (CelSyntaxException ex)
        {
            reader.Problem(node, $"{where}.{key}: {ex.Message} at column {ex.Position + 1} of \"{Shorten(text)}\"");
            return null;
        }
    }

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 160 ? oneLine : oneLine[..157] + "...";
    }

    private static Severity? ReadSeverity(KubernetesObject obj, ObjectReader reader)
    {
        var text = obj.Annotation(SeverityAnnotation);
        if (text is null)
        {
            return null;
        }
        if (Enum.TryParse<Severity>(text, ignoreCase: true, out var severity) && Enum.IsDefined(severity))
        {
            return severity;
        }
        reader.Problem(obj.Metadata!, $"annotation {SeverityAnnotation}: '{text}' is not critical, high, medium or low");
        return null;
    }

    internal static IReadOnlyList<AttackTechnique> ReadAttack(KubernetesObject obj, ObjectReader reader)
    {
        var text = obj.Annotation(AttackAnnotation);
        return text is null ? [] : ParseAttack(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), obj.Metadata!, $"annotation {AttackAnnotation}", reader);
    }

    internal static IReadOnlyList<AttackTechnique> ParseAttack(IEnumerable<string> ids, YamlNode node, string where, ObjectReader reader)
    {
        var techniques = new List<AttackTechnique>();
        foreach (var id in ids)
        {
            try
            {
                techniques.Add(AttackTechnique.Parse(id));
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                reader.Problem(node, $"{where}: '{id}' is not an ATT&CK for Containers technique ({ex.Message})");
            }
        }
        return techniques;
    }
}
