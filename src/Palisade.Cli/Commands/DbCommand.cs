using System.CommandLine;
using System.Globalization;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Providers;
using Palisade.Vulnerabilities.Store;
using Palisade.Vulnerabilities.Update;
using Spectre.Console;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade db import|update|export|info</c>: the offline vulnerability database.</summary>
public sealed class DbCommand
{
    private readonly DatabaseOptions _database = new();

    public Command Build(CliEnvironment env)
    {
        var db = new Command("db", "Manage the offline vulnerability database");
        db.Subcommands.Add(Import(env));
        db.Subcommands.Add(Update(env));
        db.Subcommands.Add(Export(env));
        db.Subcommands.Add(Info(env));
        return db;
    }

    private readonly Option<bool> _strict = new("--strict") { Description = "Treat skipped upstream records (malformed versions, ids) as errors: exit 3 instead of a warning" };

    private Command Import(CliEnvironment env)
    {
        var paths = new Argument<string[]>("path") { Description = "Feed files, directories or archives (OSV JSON/YAML/zip, Debian tracker JSON, Alpine/Wolfi secdb, CISA KEV, EPSS CSV, NVD API JSON), or one database export", Arity = ArgumentArity.OneOrMore };
        var command = new Command("import", "Load advisory feeds, or a database exported with `db export`");
        command.Arguments.Add(paths);
        command.Options.Add(_strict);
        _database.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            var store = _database.Store(parsed, env);
            var inputs = parsed.GetValue(paths)!.Select(p => Path.GetFullPath(p, env.WorkingDirectory)).ToList();
            if (inputs.Count == 1 && DatabaseTransfer.IsDatabaseFile(inputs[0]))
            {
                await DatabaseTransfer.ImportAsync(store, inputs[0], token).ConfigureAwait(false);
                await env.Error.WriteLineAsync($"database replaced from {inputs[0]}: {Describe(store.Info())}").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            foreach (var missing in inputs.Where(p => !Path.Exists(p)))
            {
                throw new UsageException($"{missing}: no such file or directory");
            }
            IReadOnlyList<string> ignored = [];
            var report = await store.ImportAsync((session, ct) =>
            {
                ignored = FeedImport.Run(inputs, session, null, ct);
                return Task.CompletedTask;
            }, token).ConfigureAwait(false);
            return await ReportImportAsync(env, store, report, ignored, parsed.GetValue(_strict)).ConfigureAwait(false);
        });
        return command;
    }

    private Command Update(CliEnvironment env)
    {
        var feeds = new Option<string?>("--feeds") { Description = "A 'name,url' CSV of feeds to fetch instead of the official locations (e.g. a mirror)" };
        var only = new Option<string[]>("--only") { Description = "Fetch only these feeds by name", AllowMultipleArgumentsPerToken = true };
        var offline = new Option<bool>("--offline") { Description = "Refuse: nothing may touch the network" };
        var command = new Command("update", "Download the feeds from their official locations and import them in one atomic step");
        command.Options.Add(feeds);
        command.Options.Add(only);
        command.Options.Add(offline);
        command.Options.Add(_strict);
        _database.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            if (parsed.GetValue(offline))
            {
                throw new UsageException("db update needs the network and --offline forbids it; use `palisade db import FILE` with an export made elsewhere");
            }
            var locations = parsed.GetValue(feeds) is { } list
                ? FeedLocation.Parse(await File.ReadAllTextAsync(Path.GetFullPath(list, env.WorkingDirectory), token).ConfigureAwait(false), list)
                : FeedLocation.Defaults();
            var wanted = parsed.GetValue(only) ?? [];
            locations = [.. locations.Where(l => wanted.Length == 0 || wanted.Contains(l.Name, StringComparer.Ordinal))];
            if (locations.Count == 0)
            {
                throw new UsageException($"no feed called {string.Join(", ", wanted)}");
            }
            var store = _database.Store(parsed, env);
            var staging = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path))!, ".download");
            Directory.CreateDirectory(staging);
            using var client = env.Http();
            var downloader = new FeedDownloader(client);
            var files = new List<string>();
            var failures = new List<string>();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(env.Error), Interactive = InteractionSupport.Detect });
            await console.Progress().AutoClear(true).StartAsync(async context =>
            {
                foreach (var location in locations)
                {
                    var task = context.AddTask(location.Name, maxValue: 1);
                    try
                    {
                        files.Add(await downloader.DownloadAsync(location, staging,
                            new Progress<FeedDownloader.Progress>(p => { if (p.Total is { } total && total > 0) { task.MaxValue = total; } task.Value = p.Received; }), token).ConfigureAwait(false));
                    }
                    catch (HttpRequestException ex) when (FeedDownloader.NameNotResolved(ex) && files.Count == 0)
                    {
                        // Not even the first name resolves: offline. Say so once, at once, instead of retrying every feed.
                        failures.Add($"{ex.Message} (offline? copy a database made elsewhere with `palisade db export` and load it with `palisade db import FILE`)");
                        task.StopTask();
                        break;
                    }
                    catch (HttpRequestException ex)
                    {
                        failures.Add(ex.Message);
                    }
                    task.StopTask();
                }
            }).ConfigureAwait(false);
            foreach (var failure in failures)
            {
                await env.Error.WriteLineAsync($"error: {failure}").ConfigureAwait(false);
            }
            if (files.Count == 0)
            {
                await env.Error.WriteLineAsync("no feed could be downloaded; the database is unchanged").ConfigureAwait(false);
                return ExitCodes.UsageOrFatal;
            }
            IReadOnlyList<string> ignored = [];
            var report = await store.ImportAsync((session, ct) =>
            {
                ignored = FeedImport.Run(files, session, null, ct);
                return Task.CompletedTask;
            }, token).ConfigureAwait(false);
            foreach (var file in files)
            {
                File.Delete(file);
            }
            var code = await ReportImportAsync(env, store, report, ignored, parsed.GetValue(_strict)).ConfigureAwait(false);
            return failures.Count > 0 ? ExitCodes.InputsUnreadable : code;
        });
        return command;
    }

    private Command Export(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "Where to write the compressed database" };
        var command = new Command("export", "Write the whole database as one compressed file to carry into an air-gapped network");
        command.Arguments.Add(file);
        _database.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            var store = _database.Store(parsed, env);
            var destination = Path.GetFullPath(parsed.GetValue(file)!, env.WorkingDirectory);
            await DatabaseTransfer.ExportAsync(store, destination, token).ConfigureAwait(false);
            await env.Error.WriteLineAsync($"exported {store.Path} to {destination} ({new FileInfo(destination).Length:N0} bytes)").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private Command Info(CliEnvironment env)
    {
        var command = new Command("info", "Show the database's sources, record counts and age");
        _database.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            var store = _database.Store(parsed, env);
            if (!store.Exists)
            {
                await env.Error.WriteLineAsync($"no vulnerability database at {store.Path}; run `palisade db update` or `palisade db import`").ConfigureAwait(false);
                return ExitCodes.InputsUnreadable;
            }
            var info = store.Info();
            var now = env.Clock.GetUtcNow();
            await env.Out.WriteLineAsync($"database: {info.Path} ({info.Bytes:N0} bytes)").ConfigureAwait(false);
            await env.Out.WriteLineAsync($"advisories: {info.Advisories:N0}; affected-package rows: {info.AffectedRows:N0}; severities: {info.Severities:N0}; CISA KEV: {info.KnownExploited:N0}; EPSS: {info.Epss:N0}").ConfigureAwait(false);
            foreach (var source in info.Sources)
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {source.Name,-34} {source.Records,9:N0} records {source.Skipped,6:N0} skipped  imported {source.ImportedAt:yyyy-MM-dd HH:mm}Z ({AdvisoryAge.Describe(now - source.ImportedAt)} ago)  from {source.Origin}")).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Upstream feeds always carry a few malformed records (a date as a version, a typo in an id): they are warnings,
    /// named and counted, and the import succeeds unless --strict. An input that could not be read at all is an error.
    /// </summary>
    private static async Task<int> ReportImportAsync(CliEnvironment env, VulnerabilityStore store, ImportReport report, IReadOnlyList<string> ignored, bool strict)
    {
        foreach (var source in report.Sources)
        {
            await env.Error.WriteLineAsync($"{source.Name}: {source.Records:N0} records, {source.Skipped:N0} skipped").ConfigureAwait(false);
        }
        foreach (var skipped in report.Skipped.Take(50))
        {
            var level = skipped.WholeInput || strict ? "error" : "warning";
            await env.Error.WriteLineAsync($"{level}: skipped {skipped.Where}: {skipped.Reason}").ConfigureAwait(false);
        }
        if (report.Skipped.Count > 50)
        {
            await env.Error.WriteLineAsync($"… and {report.Skipped.Count - 50} more skipped records").ConfigureAwait(false);
        }
        if (ignored.Count > 0)
        {
            await env.Error.WriteLineAsync($"ignored {ignored.Count} file(s) that are not a known feed, e.g. {ignored[0]}").ConfigureAwait(false);
        }
        await env.Error.WriteLineAsync($"database {store.Path}: {Describe(store.Info())}").ConfigureAwait(false);
        return report.Skipped.Any(s => s.WholeInput || strict) ? ExitCodes.InputsUnreadable : ExitCodes.Success;
    }

    private static string Describe(DatabaseInfo info) =>
        $"{info.Advisories:N0} advisories, {info.AffectedRows:N0} affected-package rows, {info.KnownExploited:N0} KEV, {info.Epss:N0} EPSS";
}
