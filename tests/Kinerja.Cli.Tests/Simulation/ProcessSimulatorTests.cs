using System.Text.Json.Nodes;
using Kinerja.Cli.Tests.Support;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Simulation;

namespace Kinerja.Cli.Tests.Simulation;

public sealed class ProcessSimulatorTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));

    private readonly ProcessSimulator _simulator = new();

    [Fact]
    public async Task RunAsync_ReportsStuck_WhenTheInstanceWaitsForAMessageNobodySends()
    {
        var result = await _simulator.RunAsync(Definitions.WaitsForMessage, new SimulationRequest { Start = MondayMorning });

        Assert.Equal(SimulationOutcome.Stuck, result.Outcome);
        Assert.False(result.Succeeded);
        Assert.Contains("'Receive_SuratBalasan'", result.Error, StringComparison.Ordinal);
        Assert.Contains("'SuratBalasan'", result.Error, StringComparison.Ordinal);
        Assert.Equal(["Start"], result.CompletedElements);
        Assert.Equal(InstanceStatus.Running, result.EndState!.Status);
        Assert.Null(result.EndState.EndedAt);
    }

    [Fact]
    public async Task RunAsync_GivesUp_AfterTheStepLimit_WhenTheProcessLoops()
    {
        var result = await _simulator.RunAsync(Definitions.EndlessRevision, new SimulationRequest { Start = MondayMorning, MaxSteps = 25 });

        Assert.Equal(SimulationOutcome.StepLimitReached, result.Outcome);
        Assert.Contains("25 steps", result.Error, StringComparison.Ordinal);
        Assert.Equal(25, result.Tasks.Count);
    }

    [Fact]
    public async Task RunAsync_FillsEachFormField_WithAPlausibleValueOfItsType()
    {
        var result = await _simulator.RunAsync(Definitions.LeaveRequest, new SimulationRequest { Start = MondayMorning });

        Assert.Equal(SimulationOutcome.Ended, result.Outcome);
        var review = result.Tasks[0];
        Assert.Equal("Task_Periksa", review.ElementId);
        Assert.Equal("kasubbag-kepegawaian", review.Actor);
        Assert.Equal(MondayMorning.AddHours(1), review.DueAt);
        Assert.Equal(MondayMorning, review.CompletedAt);
        Assert.True(review.FormData["disetujui"]!.GetValue<bool>());
        Assert.Equal(3, review.FormData["jumlahHari"]!.GetValue<long>());
        Assert.Equal("tahunan", review.FormData["jenisCuti"]!.GetValue<string>());
        Assert.Equal("2026-03-02", review.FormData["mulaiCuti"]!.GetValue<string>());
        var archive = result.Tasks[1];
        Assert.Equal("arsiparis", archive.Actor);
        Assert.Null(archive.DueAt);
    }

    [Fact]
    public async Task RunAsync_MovesTheVirtualClock_ToEachTimer()
    {
        var result = await _simulator.RunAsync(Definitions.LeaveRequest, new SimulationRequest { Start = MondayMorning });

        Assert.Equal(TimeSpan.FromHours(2), result.EndState!.Duration);
        Assert.Equal(MondayMorning.AddHours(2), result.EndState.EndedAt);
        Assert.Equal(MondayMorning.AddHours(2), result.Tasks[1].CompletedAt);
    }

    [Fact]
    public async Task RunAsync_LetsServiceAndSendTasksPass_WithHandlersThatDoNothing()
    {
        var result = await _simulator.RunAsync(Definitions.ServiceAndSendTasks, new SimulationRequest { Start = MondayMorning });

        Assert.Equal(SimulationOutcome.Ended, result.Outcome);
        Assert.Equal(["Start", "Service_Nomori", "Send_Kirim", "End"], result.CompletedElements);
    }

    [Fact]
    public async Task RunAsync_ReturnsTheProblems_WhenTheFileWouldNotDeploy()
    {
        var result = await _simulator.RunAsync(Definitions.SeveralProblems, new SimulationRequest { Start = MondayMorning });

        Assert.Equal(SimulationOutcome.Invalid, result.Outcome);
        Assert.Equal(3, result.Problems.Count);
        Assert.Null(result.EndState);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<bpmn:definitions")]
    [InlineData("<!DOCTYPE x [ <!ENTITY e SYSTEM \"file:///etc/passwd\"> ]><x>&e;</x>")]
    public async Task RunAsync_AnswersNonsense_WithProblemsRatherThanAnException(string xml)
    {
        var result = await _simulator.RunAsync(xml, new SimulationRequest { Start = MondayMorning });

        Assert.Equal(SimulationOutcome.Invalid, result.Outcome);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public async Task RunAsync_Fails_WithTheProcessIdsOfTheFile_WhenAskedForAnotherProcess()
    {
        var result = await _simulator.RunAsync(
            Definitions.LeaveRequest, new SimulationRequest { Start = MondayMorning, ProcessId = "lembur" });

        Assert.Equal(SimulationOutcome.Failed, result.Outcome);
        Assert.Contains("'lembur'", result.Error, StringComparison.Ordinal);
        Assert.Contains("cuti", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Fails_NamingTheStep_WhenAnExpressionCannotBeEvaluated()
    {
        var sop = await File.ReadAllTextAsync(TestFiles.InRepository("workflows", "sop-pengumpulan-data-kinerja.bpmn"));
        var variables = new Dictionary<string, JsonNode?> { ["bukanSkpd"] = JsonValue.Create(1) };

        var result = await _simulator.RunAsync(sop, new SimulationRequest { Start = MondayMorning, Variables = variables });

        Assert.Equal(SimulationOutcome.Failed, result.Outcome);
        Assert.Contains("Task_Distribusi", result.Error, StringComparison.Ordinal);
        Assert.Contains("skpd", result.Error, StringComparison.Ordinal);
        Assert.Equal(["StartEvent_Mulai", "Task_Disposisi"], result.CompletedElements);
    }

    [Fact]
    public void VirtualClock_RefusesToRunBackwards()
    {
        var clock = new VirtualClock(MondayMorning);

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(MondayMorning.AddHours(1), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(MondayMorning));
    }
}
