using System.Text.Json;
using Kinerja.Cli.Tests.Support;

namespace Kinerja.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private const string MondayMorning = "2026-03-02T08:00:00+08:00";

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Simulate_PrintsTheCompletedElementsInOrder_ThenTheEndStateAsJson()
    {
        var path = _files.Write("cuti.bpmn", Definitions.LeaveRequest);

        var run = await CliRun.RunAsync("simulate", path, "--start", MondayMorning);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.Equal(
            ["Start_Permohonan", "Task_Periksa", "Gateway_Disetujui", "Timer_TungguDuaJam", "Task_Arsipkan", "End_Disetujui"],
            ElementLines(run));
        using var endState = EndState(run);
        var root = endState.RootElement;
        Assert.Equal("cuti", root.GetProperty("processKey").GetString());
        Assert.Equal("Completed", root.GetProperty("status").GetString());
        Assert.Equal(MondayMorning, root.GetProperty("startedAt").GetString());
        Assert.Equal("2026-03-02T10:00:00+08:00", root.GetProperty("endedAt").GetString());
        Assert.Equal("02:00:00", root.GetProperty("duration").GetString());
        var variables = root.GetProperty("variables");
        Assert.True(variables.GetProperty("disetujui").GetBoolean());
        Assert.Equal(3, variables.GetProperty("jumlahHari").GetInt64());
        Assert.Equal("tahunan", variables.GetProperty("jenisCuti").GetString());
        Assert.Equal("2026-03-02", variables.GetProperty("mulaiCuti").GetString());
    }

    [Fact]
    public async Task Simulate_StartsOnTheNextMondayMorning_WhenNoStartIsGiven()
    {
        var path = _files.Write("cuti.bpmn", Definitions.LeaveRequest);

        var run = await CliRun.RunAsync("simulate", path);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var endState = EndState(run);
        Assert.Equal(MondayMorning, endState.RootElement.GetProperty("startedAt").GetString());
    }

    [Fact]
    public async Task Simulate_RunsTheSopPengumpulanDataKinerja_ThroughItsStepsInOrder()
    {
        var sop = TestFiles.InRepository("workflows", "sop-pengumpulan-data-kinerja.bpmn");

        var run = await CliRun.RunAsync(
            "simulate", sop, "--vars", """{"skpd":["DINKES","DISDIK","BAPPEDA"]}""", "--start", MondayMorning);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        var elements = ElementLines(run);
        string[] steps = ["Task_Disposisi", "Task_Distribusi", "Task_SajikanDataSkpd", "Task_Kompilasi", "Task_Dokumentasi"];
        var positions = steps.Select(step => elements.IndexOf(step)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal("StartEvent_Mulai", elements[0]);
        Assert.Equal("EndEvent_Selesai", elements[^1]);
        using var endState = EndState(run);
        Assert.Equal("Completed", endState.RootElement.GetProperty("status").GetString());
        Assert.Equal(
            ["DINKES", "DISDIK", "BAPPEDA"],
            endState.RootElement.GetProperty("variables").GetProperty("skpd").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Simulate_NamesTheMissingVariable_WhenTheSopStartsWithoutSkpd()
    {
        var sop = TestFiles.InRepository("workflows", "sop-pengumpulan-data-kinerja.bpmn");

        var run = await CliRun.RunAsync("simulate", sop, "--start", MondayMorning);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("skpd", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("Task_SajikanDataSkpd", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"skpd\": [\"DINKES\"")]
    [InlineData("skpd=DINKES")]
    [InlineData("[\"DINKES\"]")]
    [InlineData("{\"skpd\": 1, \"skpd\": 2}")]
    public async Task Simulate_RefusesVarsThatAreNotAJsonObject_WithExitOne(string vars)
    {
        var path = _files.Write("cuti.bpmn", Definitions.LeaveRequest);

        var run = await CliRun.RunAsync("simulate", path, "--vars", vars);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Empty(run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("kinerja: --vars ", line);
    }

    [Fact]
    public async Task Simulate_PrintsTheFileProblems_AsValidateDoes_WhenTheFileWouldNotDeploy()
    {
        var path = _files.Write("rusak.bpmn", Definitions.SeveralProblems);

        var run = await CliRun.RunAsync("simulate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Equal(3, run.ErrorLines.Count);
        Assert.All(run.ErrorLines, line => Assert.StartsWith($"{path}:", line));
        Assert.StartsWith($"{path}:12:6: Flow_Hilang: ", run.ErrorLines[2]);
    }

    [Fact]
    public async Task Simulate_ReportsAStuckProcess_OnStandardError_WithExitOne()
    {
        var path = _files.Write("menunggu.bpmn", Definitions.WaitsForMessage);

        var run = await CliRun.RunAsync("simulate", path, "--start", MondayMorning);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("stuck", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("Receive_SuratBalasan", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ReportsAMissingFile_AsValidateDoes()
    {
        var path = _files.PathOf("tidak-ada.bpmn");

        var run = await CliRun.RunAsync("simulate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal([$"{path}:0:0: -: The file does not exist."], run.ErrorLines);
    }

    [Theory]
    [InlineData("--start", "besok pagi")]
    [InlineData("--tanpa-ini", "x")]
    public async Task Simulate_ExitsTwo_OnAnOptionItCannotUse(string option, string value)
    {
        var path = _files.Write("cuti.bpmn", Definitions.LeaveRequest);

        var run = await CliRun.RunAsync("simulate", path, option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ExitsTwo_WhenNoFileIsGiven()
    {
        var run = await CliRun.RunAsync("simulate");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    private static List<string> ElementLines(CliRun run) =>
        run.OutputLines.TakeWhile(line => !line.StartsWith('{')).ToList();

    private static JsonDocument EndState(CliRun run)
    {
        var json = run.Output[run.Output.IndexOf('{', StringComparison.Ordinal)..];
        return JsonDocument.Parse(json);
    }
}
