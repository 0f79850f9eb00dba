using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>BPMN and Camunda features the engine does not run: refused, naming the element.</summary>
public sealed partial class BpmnValidatorTests
{
    [Theory]
    [InlineData("scriptTask")]
    [InlineData("task")]
    [InlineData("manualTask")]
    [InlineData("businessRuleTask")]
    [InlineData("eventBasedGateway")]
    [InlineData("complexGateway")]
    [InlineData("intermediateThrowEvent")]
    [InlineData("transaction")]
    [InlineData("adHocSubProcess")]
    public void Validate_RefusesAnUnsupportedElement_NamingIt(string element)
    {
        var problems = ProblemsOfStep("x", $"""<bpmn:{element} id="x" />""");

        AssertProblem(problems, "x", $"<bpmn:{element}> is not supported");
    }

    [Theory]
    [InlineData("""<bpmn:startEvent id="x"><bpmn:signalEventDefinition /></bpmn:startEvent>""", "signalEventDefinition")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>""", "signalEventDefinition")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>""", "conditionalEventDefinition")]
    [InlineData("""<bpmn:endEvent id="x"><bpmn:errorEventDefinition /></bpmn:endEvent>""", "errorEventDefinition")]
    [InlineData("""<bpmn:endEvent id="x"><bpmn:signalEventDefinition /></bpmn:endEvent>""", "signalEventDefinition")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="tidak_ada" /></bpmn:intermediateCatchEvent>""", "'tidak_ada'")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x" />""", "waits for nothing")]
    public void Validate_RefusesAnUnsupportedEvent_NamingIt(string element, string words)
    {
        var problems = Problems($"""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="t" />
            {element}
            <bpmn:endEvent id="end" />
            {BpmnText.Sequence("t")}
            <bpmn:sequenceFlow id="f_t_x" sourceRef="t" targetRef="x" />
            <bpmn:sequenceFlow id="f_x_end" sourceRef="x" targetRef="end" />
            """);

        AssertProblem(problems, "x", words);
    }

    [Fact]
    public void Validate_RefusesASignalBoundaryEvent()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t" />
            <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:signalEventDefinition /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f_b" sourceRef="b" targetRef="end" />
            """);

        AssertProblem(problems, "b", "signalEventDefinition");
    }

    [Fact]
    public void Validate_RefusesABoundaryEventAttachedToNothing()
    {
        var problems = ProblemsOfStep("t", $"""
            <bpmn:userTask id="t" />
            <bpmn:boundaryEvent id="b" attachedToRef="hantu">{Timer("timeDuration", "PT1H")}</bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f_b" sourceRef="b" targetRef="end" />
            """);

        AssertProblem(problems, "b", "'hantu'");
    }

    [Fact]
    public void Validate_RefusesAnEventSubProcess()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t" />
            <bpmn:subProcess id="es" triggeredByEvent="true">
              <bpmn:startEvent id="es_start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            </bpmn:subProcess>
            """);

        AssertProblem(problems, "es", "Event sub-processes are not supported");
    }

    [Fact]
    public void Validate_RefusesAStandardLoop()
    {
        AssertProblem(ProblemsOfStep("t", """<bpmn:userTask id="t"><bpmn:standardLoopCharacteristics /></bpmn:userTask>"""), "t", "Standard loops");
    }

    [Theory]
    [InlineData("camunda:class=\"id.go.buleleng.Kirim\"", "camunda:class")]
    [InlineData("camunda:expression=\"${kirim()}\"", "camunda:expression")]
    [InlineData("camunda:delegateExpression=\"${pengirim}\"", "camunda:delegateExpression")]
    [InlineData("camunda:type=\"connector\" camunda:topic=\"email\"", "names no handler")]
    [InlineData("", "names no handler")]
    public void Validate_RefusesAServiceTask_ThatIsNotAnExternalTopic(string attributes, string words)
    {
        AssertProblem(ProblemsOfStep("kirim", $"""<bpmn:serviceTask id="kirim" {attributes} />"""), "kirim", words);
    }

    [Fact]
    public void Validate_RefusesAReceiveTaskWithoutADeclaredMessage()
    {
        AssertProblem(ProblemsOfStep("terima", """<bpmn:receiveTask id="terima" />"""), "terima", "no messageRef");
    }

    [Fact]
    public void Validate_RefusesACallActivityWithoutCalledElement_OrWithAHalfMapping()
    {
        var problems = Problems($"""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="tanpa" />
            <bpmn:callActivity id="setengah" calledElement="sop-lain">
              <bpmn:extensionElements><camunda:out source="hasil" /></bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:endEvent id="end" />
            {BpmnText.Sequence("setengah")}
            """);

        AssertProblem(problems, "tanpa", "no calledElement");
        AssertProblem(problems, "setengah", "camunda:out needs");
    }

    [Theory]
    [InlineData("""<camunda:executionListener event="start" class="x.Y" />""", "camunda:executionListener")]
    [InlineData("""<camunda:taskListener event="create" expression="${x}" />""", "camunda:taskListener")]
    public void Validate_RefusesAListenerOnATask(string listener, string words)
    {
        var problems = ProblemsOfStep("t", $"""<bpmn:userTask id="t"><bpmn:extensionElements>{listener}</bpmn:extensionElements></bpmn:userTask>""");

        AssertProblem(problems, "t", words);
    }

    [Fact]
    public void Validate_RefusesAListenerOnTheProcess_OrOnAFlow()
    {
        var problems = Problems("""
            <bpmn:extensionElements><camunda:executionListener event="start" class="x.Y" /></bpmn:extensionElements>
            <bpmn:startEvent id="start" /><bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end">
              <bpmn:extensionElements><camunda:executionListener event="take" expression="${x}" /></bpmn:extensionElements>
            </bpmn:sequenceFlow>
            """);

        AssertProblem(problems, "p", "camunda:executionListener");
        AssertProblem(problems, "f", "camunda:executionListener");
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Validate_RefusesADefaultFlowOnAnActivity()
    {
        AssertProblem(ProblemsOfStep("t", """<bpmn:userTask id="t" default="f_t_end" />"""), "t", "Default flows on activities");
    }

    [Fact]
    public void Validate_RefusesAnElementWithoutId_AtItsLine()
    {
        var problem = Assert.Single(ProblemsOfStep("t", """<bpmn:userTask id="t" /><bpmn:userTask name="tanpa id" />"""));

        Assert.Null(problem.ElementId);
        Assert.True(problem.Line > 0);
        Assert.Contains("<userTask> element has no id", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesAFileWithoutAnExecutableProcess()
    {
        var xml = BpmnText.Process("""<bpmn:startEvent id="start" />""").Replace("isExecutable=\"true\"", "isExecutable=\"false\"", StringComparison.Ordinal);

        var problem = Assert.Single(BpmnParser.Parse(xml).Problems);

        Assert.Contains("no executable process", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0);
    }
}
