using System.Text.RegularExpressions;
using CsCheck;
using Kinerja.Cli.Tests.Support;

namespace Kinerja.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Validate_PrintsOk_AndExitsZero_ForAFileThatWouldDeploy()
    {
        var path = _files.Write("cuti.bpmn", Definitions.LeaveRequest);

        var run = await CliRun.RunAsync("validate", path);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal([$"{path}: ok"], run.OutputLines);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Validate_ReportsEveryProblem_WithFileLineAndElement()
    {
        var path = _files.Write("rusak.bpmn", Definitions.SeveralProblems);

        var run = await CliRun.RunAsync("validate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Collection(
            run.OutputLines,
            line => Assert.Matches($"^{Regex.Escape(path)}:8:6: Task_Periksa: .*timeStandard.*lima hari", line),
            line => Assert.StartsWith($"{path}:9:6: Gateway_Buntu: The element has no outgoing sequence flow", line),
            line => Assert.StartsWith($"{path}:12:6: Flow_Hilang: The sequence flow leads to 'Task_TidakAda'", line));
    }

    [Fact]
    public async Task Validate_RefusesMalformedXml_AtTheLineWhereItBreaks()
    {
        var path = _files.Write("patah.bpmn", Definitions.Malformed);

        var run = await CliRun.RunAsync("validate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var line = Assert.Single(run.OutputLines);
        Assert.StartsWith($"{path}:5:5: -: The XML is not well-formed:", line);
    }

    [Fact]
    public async Task Validate_RefusesADoctype_WithoutLeakingWhatTheEntityPointsAt()
    {
        var secret = _files.Write("rahasia.txt", "RAHASIA-NEGARA-12345");
        var path = _files.Write("xxe.bpmn", Definitions.WithExternalEntity(secret));

        var run = await CliRun.RunAsync("validate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var line = Assert.Single(run.OutputLines);
        Assert.StartsWith($"{path}:", line);
        Assert.Contains("DOCTYPE", line, StringComparison.Ordinal);
        Assert.DoesNotContain("RAHASIA", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ReportsAMissingFile_AtLineZero()
    {
        var path = _files.PathOf("tidak-ada.bpmn");

        var run = await CliRun.RunAsync("validate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal([$"{path}:0:0: -: The file does not exist."], run.OutputLines);
    }

    [Fact]
    public async Task Validate_ChecksEveryFile_AndFailsWhenAnyIsRefused()
    {
        var valid = _files.Write("cuti.bpmn", Definitions.LeaveRequest);
        var missing = _files.PathOf("hilang.bpmn");
        var folder = Path.GetDirectoryName(valid)!;

        var run = await CliRun.RunAsync("validate", valid, missing, folder);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(
            [$"{valid}: ok", $"{missing}:0:0: -: The file does not exist.", $"{folder}:0:0: -: This is a directory, not a BPMN file."],
            run.OutputLines);
    }

    [Fact]
    public async Task Validate_ExitsTwo_WhenNoFileIsGiven()
    {
        var run = await CliRun.RunAsync("validate");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("kinerja --help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ExitsTwo_OnAnUnknownOption()
    {
        var path = _files.Write("cuti.bpmn", Definitions.LeaveRequest);

        var run = await CliRun.RunAsync("validate", "--strict", path);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'--strict'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kinerja_ExitsTwo_WhenCalledWithoutArguments()
    {
        var run = await CliRun.RunAsync();

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("kinerja --help", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bukan XML sama sekali")]
    [InlineData("<bpmn:definitions")]
    [InlineData("<?xml version=\"1.0\"?><a/>")]
    [InlineData("\0\u0001\u0002\uFFFD")]
    public async Task Validate_RefusesNonsense_InOneLineAndWithoutAStackTrace(string content)
    {
        var path = _files.Write("aneh.bpmn", content);

        var run = await CliRun.RunAsync("validate", path);

        AssertRefusedCleanly(run, path);
    }

    [Fact]
    public async Task Validate_NeverThrows_WhateverPartOfAValidFileIsCutOff()
    {
        var truncated = Gen.Int[0, Definitions.LeaveRequest.Length - 1].Select(n => Definitions.LeaveRequest[..n]);
        var noise = Gen.String;

        await Gen.OneOf(truncated, noise).SampleAsync(
            async content =>
            {
                var path = _files.Write($"{Guid.NewGuid():N}.bpmn", content);
                var run = await CliRun.RunAsync("validate", path);
                AssertRefusedCleanly(run, path);
            },
            iter: 200);
    }

    private static void AssertRefusedCleanly(CliRun run, string path)
    {
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.NotEmpty(run.OutputLines);
        Assert.All(run.OutputLines, line => Assert.Matches($@"^{Regex.Escape(path)}:\d+:\d+: \S+: \S", line));
    }
}
