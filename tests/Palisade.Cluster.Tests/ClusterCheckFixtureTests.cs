using System.Text.Json;
using Palisade.Cluster.Checks;
using Palisade.Cluster.Snapshot;
using Palisade.Cluster.Versions;

namespace Palisade.Cluster.Tests;

/// <summary>
/// Every cluster and version check has a fixture, Fixtures/checks/&lt;id&gt;.json: cluster states (objects, server
/// version, anonymous answers) or versions it must report, and near misses it must stay silent on.
/// </summary>
public sealed class ClusterCheckFixtureTests
{
    public static TheoryData<string> ClusterIds() => [.. ClusterChecks.Cluster.Select(c => c.Info.Id.Value)];

    public static TheoryData<string> VersionIds() => [.. ClusterChecks.Version.Select(c => c.Info.Id.Value)];

    [Theory]
    [MemberData(nameof(ClusterIds))]
    public void Each_cluster_check_reports_its_fixture_and_stays_silent_on_the_near_misses(string id)
    {
        var check = ClusterChecks.Cluster.Single(c => c.Info.Id.Value == id);
        using var fixture = Fixture(id);
        Assert.All(States(fixture, "reported"), context => Assert.Contains(check.Evaluate(context), f => f.Check.Id.Value == id));
        Assert.All(States(fixture, "silent"), context => Assert.Empty(check.Evaluate(context)));
    }

    [Theory]
    [MemberData(nameof(VersionIds))]
    public void Each_version_check_reports_its_fixture_and_stays_silent_on_the_near_misses(string id)
    {
        var check = ClusterChecks.Version.Single(c => c.Info.Id.Value == id);
        using var fixture = Fixture(id);
        var today = DateOnly.Parse(fixture.RootElement.GetProperty("today").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        IEnumerable<VersionHit> Hits(JsonElement text)
        {
            var version = KubeVersion.Parse(text.GetString())!;
            return check.Evaluate(version, ReleaseSupport.For(version, KubernetesReleases.Shipped(), today));
        }
        var reported = fixture.RootElement.GetProperty("reported").EnumerateArray().ToList();
        var silent = fixture.RootElement.GetProperty("silent").EnumerateArray().ToList();
        Assert.NotEmpty(reported);
        Assert.NotEmpty(silent);
        Assert.All(reported, version => Assert.Single(Hits(version)));
        Assert.All(silent, version => Assert.Empty(Hits(version)));
    }

    private static JsonDocument Fixture(string id)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "checks", id + ".json");
        Assert.True(File.Exists(path), $"{id} has no fixture at Fixtures/checks/{id}.json");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    private static List<ClusterContext> States(JsonDocument fixture, string key)
    {
        var states = fixture.RootElement.GetProperty(key).EnumerateArray().Select(state =>
        {
            var anonymous = state.TryGetProperty("anonymous", out var a) ? a.EnumerateObject().Select(p => new AnonymousResponse(p.Name, p.Value.GetInt32(), null)).ToList() : [];
            var items = state.GetProperty("objects").EnumerateArray().Select(o => new ResourceItems("fixture", o.GetProperty("kind").GetString()!, [o.Clone()])).ToList();
            var snapshot = new ClusterSnapshot(ClusterSnapshot.CurrentFormat, "https://203.0.113.10:6443", "fixture", DateTimeOffset.UnixEpoch,
                new ServerVersion(state.GetProperty("version").GetString()!, null), items, [], anonymous);
            var (objects, problems) = ClusterObjects.Parse(snapshot);
            Assert.Empty(problems);
            return new ClusterContext(snapshot, objects);
        }).ToList();
        Assert.NotEmpty(states);
        return states;
    }
}
