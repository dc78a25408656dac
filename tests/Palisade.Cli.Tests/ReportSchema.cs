using Json.Schema;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>The documented JSON report schema, loaded once: the schema library registers schemas by $id process-wide.</summary>
internal static class ReportSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repo("docs", "schema", "report-v1.schema.json"))));

    public static JsonSchema Value => Schema.Value;
}
