using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;

namespace Kinerja.Persistence.Tests;

/// <summary>The SQL inbox must mean what the in-memory one means: same filters, same order, same totals.</summary>
public sealed class InboxQueryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly string[] Groups = ["kabag", "kasubbag", "pengelola", "skpd:DINKES", "skpd:DISDIK", "skpd:BAPPEDA"];
    private static readonly string[] People = ["ani", "budi", "citra"];

    private static List<HumanTask> MakeTasks(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new HumanTask
        {
            Id = $"task-{i:0000}",
            InstanceId = new Guid(i, 0, 0, new byte[8]),
            ExecutionId = "e1",
            ProcessKey = random.Next(3) == 0 ? "other" : "sop",
            DefinitionId = "sop:1",
            ElementId = $"t{random.Next(4)}",
            Name = "Langkah",
            Assignee = random.Next(3) == 0 ? People[random.Next(People.Length)] : null,
            CandidateGroups = Groups.Where(_ => random.Next(4) == 0).ToList(),
            CandidateUsers = random.Next(5) == 0 ? [People[random.Next(People.Length)]] : [],
            CreatedAt = Start.AddMinutes(random.Next(10_000)),
            DueAt = random.Next(6) == 0 ? null : Start.AddHours(random.Next(-100, 500)),
            Status = random.Next(5) == 0 ? HumanTaskStatus.Completed : HumanTaskStatus.Open,
        }).ToList();
    }

    private static IEnumerable<TaskQuery> Queries(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 150; i++)
        {
            yield return new TaskQuery
            {
                Assignee = random.Next(4) == 0 ? People[random.Next(People.Length)] : null,
                CandidateGroups = random.Next(3) == 0 ? Groups.Where(_ => random.Next(3) == 0).ToList() : null,
                CandidateUser = random.Next(8) == 0 ? People[random.Next(People.Length)] : null,
                ProcessKey = random.Next(4) == 0 ? "sop" : null,
                ElementId = random.Next(5) == 0 ? $"t{random.Next(4)}" : null,
                DueBefore = random.Next(3) == 0 ? Start.AddHours(random.Next(0, 300)) : null,
                Status = random.Next(5) switch { 0 => null, 1 => HumanTaskStatus.Completed, _ => HumanTaskStatus.Open },
                Skip = random.Next(3) == 0 ? random.Next(0, 30) : 0,
                Take = random.Next(1, 40),
            };
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task EveryFilterAndPage_GivesTheSameTasksInTheSameOrder_AsTheInMemoryStore(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        var memory = new InMemoryWorkflowStore();
        var tasks = MakeTasks(400, seed: 7);
        var commit = new EngineCommit([], tasks, [], [], [], null, null);
        await store.Store.CommitAsync(commit);
        await memory.CommitAsync(commit);

        foreach (var query in Queries(seed: 11))
        {
            var expected = await memory.QueryTasksAsync(query);
            var actual = await store.Store.QueryTasksAsync(query);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Items.Select(t => t.Id), actual.Items.Select(t => t.Id));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Overdue_AreTheOpenTasksWhoseDeadlineHasPassed_EarliestFirst(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var first = await store.Engine.StartAsync("four");
        store.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await store.Engine.StartAsync("four");

        var now = store.Clock.GetUtcNow();
        Assert.Empty((await store.Engine.QueryTasksAsync(new TaskQuery { DueBefore = now })).Items);
        var later = now.AddMinutes(30);
        var overdue = await store.Engine.QueryTasksAsync(new TaskQuery { DueBefore = later, CandidateGroups = ["kabag"] });

        Assert.Equal([first.Id, second.Id], overdue.Items.Select(t => t.InstanceId));
    }
}
