using System.CommandLine;
using Palisade.Cluster;
using Palisade.Cluster.Api;
using Palisade.Cluster.Rbac;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade rbac who-can VERB RESOURCE</c> and <c>palisade rbac can SUBJECT</c>, on a live cluster or a snapshot.</summary>
public sealed class RbacCommand
{
    public Command Build(CliEnvironment env)
    {
        var rbac = new Command("rbac", "Effective RBAC permissions and escalation paths");
        rbac.Subcommands.Add(WhoCan(env));
        rbac.Subcommands.Add(Can(env));
        return rbac;
    }

    private static Command WhoCan(CliEnvironment env)
    {
        var source = new ClusterSource(allowSnapshot: true);
        var verb = new Argument<string>("verb") { Description = "get, list, create, delete, escalate, impersonate, …" };
        var resource = new Argument<string>("resource") { Description = "resource[.group][/subresource], e.g. secrets, pods/exec, clusterroles.rbac.authorization.k8s.io" };
        var command = new Command("who-can", "List the subjects that may do VERB on RESOURCE (in --namespace, or cluster-wide)");
        command.Arguments.Add(verb);
        command.Arguments.Add(resource);
        source.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            var model = await LoadAsync(source, parsed, env, token).ConfigureAwait(false);
            if (model is null)
            {
                return ExitCodes.UsageOrFatal;
            }
            var (group, name) = SplitResource(parsed.GetValue(resource)!);
            var @namespace = (parsed.GetValue(source.Namespaces) ?? []).FirstOrDefault();
            var rows = model.Subjects.Distinct()
                .SelectMany(s => model.Granting(s, parsed.GetValue(verb)!, group, name, @namespace, unrestricted: false).Where(g => g.Subject == s || s.ImplicitGroups().Contains(g.Subject)).Select(g => (s, g)))
                .Where(r => r.g.Subject == r.s)
                .Select(r => $"{r.s,-60} {(r.g.Namespace is null ? "cluster-wide" : $"in {r.g.Namespace}"),-24} via {r.g.Binding} ({r.g.RoleKind} {r.g.RoleName})")
                .Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var row in rows)
            {
                await env.Out.WriteLineAsync(row).ConfigureAwait(false);
            }
            await env.Error.WriteLineAsync($"{rows.Count} grant(s) allow {parsed.GetValue(verb)} {parsed.GetValue(resource)}{(@namespace is null ? "" : $" in {@namespace}")}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Can(CliEnvironment env)
    {
        var source = new ClusterSource(allowSnapshot: true);
        var subject = new Argument<string>("subject") { Description = "User:NAME, Group:NAME, ServiceAccount:NAMESPACE/NAME or system:serviceaccount:NS:NAME" };
        var command = new Command("can", "Show what a subject may do and how it could reach cluster-admin");
        command.Arguments.Add(subject);
        source.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            var who = RbacSubject.Parse(parsed.GetValue(subject)!) ?? throw new UsageException($"'{parsed.GetValue(subject)}': expected User:NAME, Group:NAME or ServiceAccount:NAMESPACE/NAME");
            var snapshot = await source.LoadAsync(parsed, env, token).ConfigureAwait(false);
            var (objects, _) = ClusterObjects.Parse(snapshot);
            var model = new RbacModel(objects);
            foreach (var grant in model.GrantsOf(who).OrderBy(g => g.Namespace ?? "", StringComparer.Ordinal))
            {
                await env.Out.WriteLineAsync($"{(grant.Namespace is null ? "cluster-wide" : $"in {grant.Namespace}")}: {grant.RoleKind} {grant.RoleName} via {grant.Binding}{(grant.Subject == who ? "" : $" (as {grant.Subject})")}").ConfigureAwait(false);
                foreach (var rule in grant.Rules)
                {
                    await env.Out.WriteLineAsync($"    {string.Join(",", rule.Verbs)} {string.Join(",", rule.Resources)}{(rule.ApiGroups.Any(g => g.Length > 0) ? $" ({string.Join(",", rule.ApiGroups.Where(g => g.Length > 0))})" : "")}{(rule.ResourceNames.Count > 0 ? $" named {string.Join(",", rule.ResourceNames)}" : "")}").ConfigureAwait(false);
                }
            }
            var paths = new EscalationPaths(model, objects).For(who);
            foreach (var path in paths)
            {
                await env.Out.WriteLineAsync($"{(path.Outcome == EscalationPath.ClusterAdmin ? "path to cluster-admin" : "path to root on a node")}: {path}").ConfigureAwait(false);
            }
            if (paths.Count == 0)
            {
                await env.Out.WriteLineAsync("no path to cluster-admin or to a node found").ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<RbacModel?> LoadAsync(ClusterSource source, ParseResult parsed, CliEnvironment env, CancellationToken token)
    {
        try
        {
            var snapshot = await source.LoadAsync(parsed, env, token).ConfigureAwait(false);
            return new RbacModel(ClusterObjects.Parse(snapshot).Objects);
        }
        catch (ClusterAccessException ex)
        {
            await env.Error.WriteLineAsync($"palisade: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>"pods/exec" is core, "deployments.apps" names its group, "clusterroles.rbac.authorization.k8s.io/x" too.</summary>
    internal static (string Group, string Resource) SplitResource(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var (head, sub) = slash < 0 ? (text, "") : (text[..slash], text[slash..]);
        var dot = head.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("", head + sub) : (head[(dot + 1)..], head[..dot] + sub);
    }
}
