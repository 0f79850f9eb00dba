using System.Text;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>Whole files: what is ignored, the seed SOP, streams, and where elements and problems are.</summary>
public sealed partial class BpmnParserTests
{
    [Fact]
    public void Parse_KeepsAndIgnores_ElementsWithoutExecutionMeaning()
    {
        var document = BpmnParser.Parse(BpmnFixtures.WithIgnoredElements);

        Assert.Empty(document.Problems);
        var process = Assert.Single(document.Processes);
        Assert.Equal("p", process.Id);
        Assert.Equal(["start", "kirim", "end"], process.Nodes.Select(n => n.Id));
        Assert.Equal("Kirim surat.", process.GetNode("kirim").Documentation);
    }

    [Fact]
    public void Parse_ReadsTheSeedWorkflow_WithItsHeaderLanesAndSteps()
    {
        var document = BpmnParser.Parse(BpmnFixtures.SeedWorkflow);

        Assert.Empty(document.Problems);
        var process = Assert.Single(document.Processes);
        Assert.Equal("sop-pengumpulan-data-kinerja", process.Id);
        Assert.Equal("061/2696/Org/2021", process.Header?.Number);
        Assert.Equal(3, process.Header?.LegalBasis.Count);
        Assert.Equal(4, process.Header?.RelatedSops.Count);
        Assert.Equal(["kabag-organisasi", "kasubbag-kinerja-rb", "pengelola-data", "operator-skpd"], process.Lanes.SelectMany(l => l.CandidateGroups));
        Assert.Equal(
            ["Task_Disposisi", "Task_Distribusi", "Task_SajikanDataSkpd", "Task_Kompilasi", "Task_Dokumentasi"],
            process.Nodes.OfType<UserTask>().Select(t => t.Id));
        Assert.Equal(
            [IsoDuration.Parse("PT5M"), IsoDuration.Parse("PT60M"), null, IsoDuration.Parse("P5D"), IsoDuration.Parse("P1D")],
            process.Nodes.OfType<UserTask>().Select(t => t.TimeStandard?.Duration));
        var sajikan = Assert.IsType<UserTask>(process.GetNode("Task_SajikanDataSkpd"));
        Assert.Equal(new MultiInstance(false, "${skpd}", "kodeSkpd", null, null), sajikan.MultiInstance);
        Assert.Equal("PengumpulanDitutup", Assert.Single(sajikan.BoundaryEvents).MessageName);
    }

    [Fact]
    public void Parse_KeepsTheLineAndColumn_WhereEachElementStarts()
    {
        foreach (var id in new[] { "disposisi", "b_batas", "sub_task", "end_tutup" })
        {
            var (line, column) = BpmnFixtures.PositionOf(BpmnFixtures.AllSupported, $"id=\"{id}\"");
            Assert.Equal(new SourceLocation(line, column), All.GetNode(id).Location);
        }

        var (flowLine, flowColumn) = BpmnFixtures.PositionOf(BpmnFixtures.AllSupported, "id=\"f_cek_fork\"");
        Assert.Equal(new SourceLocation(flowLine, flowColumn), All.Flows.Single(f => f.Id == "f_cek_fork").Location);
    }

    [Fact]
    public void Parse_ReportsAProblem_AtTheLineAndColumnOfItsElement()
    {
        var xml = BpmnText.Process($"""
            <bpmn:startEvent id="start" />
            <bpmn:scriptTask id="skrip" />
            <bpmn:endEvent id="end" />
            {BpmnText.Sequence("skrip")}
            """);

        var problem = Assert.Single(BpmnFixtures.ProblemsOf(xml), p => p.ElementId == "skrip");

        var (line, column) = BpmnFixtures.PositionOf(xml, "id=\"skrip\"");
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.StartsWith($"{line}:{column}: skrip: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsAStream_AsItReadsAString()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(BpmnFixtures.AllSupported));

        var document = BpmnParser.Parse(stream);

        Assert.Empty(document.Problems);
        Assert.Equal(All.AllNodes.Keys.Order(StringComparer.Ordinal), Assert.Single(document.Processes).AllNodes.Keys.Order(StringComparer.Ordinal));
    }
}
