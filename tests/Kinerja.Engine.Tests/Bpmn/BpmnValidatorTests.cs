using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>The graph, gateway, timer, form and expression checks; refusals of unsupported BPMN are in the other part.</summary>
public sealed partial class BpmnValidatorTests
{
    private static IReadOnlyList<BpmnProblem> Problems(string body, string extraDefinitions = "") =>
        BpmnFixtures.ProblemsOf(BpmnText.Process(body, extraDefinitions: extraDefinitions));

    /// <summary>start → the element → end, with the element written out.</summary>
    private static IReadOnlyList<BpmnProblem> ProblemsOfStep(string id, string element) => Problems($"""
        <bpmn:startEvent id="start" />
        {element}
        <bpmn:endEvent id="end" />
        {BpmnText.Sequence(id)}
        """);

    private static BpmnProblem AssertProblem(IReadOnlyList<BpmnProblem> problems, string elementId, string words)
    {
        var problem = Assert.Single(problems, p => p.ElementId == elementId && p.Message.Contains(words, StringComparison.OrdinalIgnoreCase));
        Assert.True(problem.Line > 0 && problem.Column > 0, $"No position: {problem}");
        return problem;
    }

    [Fact]
    public void Validate_AcceptsEverySupportedElement()
    {
        Assert.Empty(BpmnFixtures.ProblemsOf(BpmnFixtures.AllSupported));
    }

    [Fact]
    public void Validate_ReportsEveryProblem_InOnePass()
    {
        var problems = Problems("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="t_waktu" kinerja:timeStandard="5 hari" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:userTask id="t_form">
              <bpmn:extensionElements>
                <camunda:formData><camunda:formField id="nilai" type="angka" /></camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:scriptTask id="skrip" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t_waktu" />
            <bpmn:sequenceFlow id="f2" sourceRef="t_waktu" targetRef="gw" />
            <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="t_form"><bpmn:conditionExpression>${a}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="end"><bpmn:conditionExpression>${!a}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f5" sourceRef="t_form" targetRef="end" />
            <bpmn:sequenceFlow id="f_ghost" sourceRef="t_form" targetRef="ghost" />
            """);

        Assert.Equal(["t_waktu", "gw", "t_form", "skrip", "f_ghost"], problems.Select(p => p.ElementId));
        Assert.All(problems, p => Assert.True(p.Line > 0));
        Assert.Equal(problems.OrderBy(p => p.Line), problems);
    }

    [Fact]
    public void Validate_RefusesAnIdUsedTwice()
    {
        var problems = ProblemsOfStep("t", """<bpmn:userTask id="t" /><bpmn:userTask id="t" />""");

        var problem = Assert.Single(problems, p => p.Message.Contains("more than one element", StringComparison.Ordinal));
        Assert.Equal("t", problem.ElementId);
    }

    [Fact]
    public void Validate_RefusesAProcessWithoutAStartEvent()
    {
        AssertProblem(Problems("""<bpmn:endEvent id="end" />"""), "p", "no start event");
    }

    [Fact]
    public void Validate_RefusesASubProcessWithoutAStartEvent()
    {
        AssertProblem(ProblemsOfStep("sub", """<bpmn:subProcess id="sub"><bpmn:endEvent id="sub_end" /></bpmn:subProcess>"""), "sub", "no start event");
    }

    [Fact]
    public void Validate_RefusesASecondNoneStartEvent_NamingIt()
    {
        var problems = Problems($"""
            <bpmn:startEvent id="start_cron"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:startEvent id="start" />
            <bpmn:startEvent id="start_lagi" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f1" sourceRef="start_cron" targetRef="end" />
            <bpmn:sequenceFlow id="f2" sourceRef="start_lagi" targetRef="end" />
            {BpmnText.Sequence()}
            """);

        Assert.Equal("start_lagi", Assert.Single(problems).ElementId);
    }

    [Fact]
    public void Validate_RefusesAnElementThatNothingLeadsTo()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t" />
            <bpmn:userTask id="yatim" />
            <bpmn:sequenceFlow id="f_yatim" sourceRef="yatim" targetRef="end" />
            """);

        AssertProblem(problems, "yatim", "no incoming");
    }

    [Fact]
    public void Validate_RefusesAnElementThatLeadsNowhere()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t" />
            <bpmn:userTask id="buntu" />
            <bpmn:sequenceFlow id="f_buntu" sourceRef="start" targetRef="buntu" />
            """);

        AssertProblem(problems, "buntu", "no outgoing");
    }

    [Fact]
    public void Validate_RefusesAFlowToNowhere_AndOneFromNowhere()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t" />
            <bpmn:sequenceFlow id="f_ke" sourceRef="t" targetRef="hantu" />
            <bpmn:sequenceFlow id="f_dari" sourceRef="bayangan" targetRef="t" />
            """);

        AssertProblem(problems, "f_ke", "'hantu'");
        AssertProblem(problems, "f_dari", "'bayangan'");
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Validate_RefusesAFlowWithoutSourceOrTarget()
    {
        AssertProblem(ProblemsOfStep("t", """<bpmn:userTask id="t" /><bpmn:sequenceFlow id="f_x" sourceRef="t" />"""), "f_x", "sourceRef and targetRef");
    }

    [Theory]
    [InlineData("exclusiveGateway")]
    [InlineData("inclusiveGateway")]
    public void Validate_RefusesAGatewayWithoutDefault_WhoseConditionsCanAllBeFalse(string kind)
    {
        var problems = Problems($$"""
            <bpmn:startEvent id="start" />
            <bpmn:{{kind}} id="gw" />
            <bpmn:endEvent id="end_a" /><bpmn:endEvent id="end_b" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
            <bpmn:sequenceFlow id="fa" sourceRef="gw" targetRef="end_a"><bpmn:conditionExpression>${a}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="fb" sourceRef="gw" targetRef="end_b"><bpmn:conditionExpression>${b}</bpmn:conditionExpression></bpmn:sequenceFlow>
            """);

        AssertProblem(problems, "gw", "no default flow");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_RefusesAGatewayWithOneConditionalFlowAndNoDefault()
    {
        var problems = Problems("""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
            <bpmn:sequenceFlow id="f1" sourceRef="gw" targetRef="end"><bpmn:conditionExpression>${lengkap}</bpmn:conditionExpression></bpmn:sequenceFlow>
            """);

        AssertProblem(problems, "gw", "no default flow");
    }

    [Fact]
    public void Validate_RefusesAFlowLeavingADecision_WithoutConditionOrDefault()
    {
        var problems = Problems("""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="fa" />
            <bpmn:endEvent id="end_a" /><bpmn:endEvent id="end_b" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
            <bpmn:sequenceFlow id="fa" sourceRef="gw" targetRef="end_a" />
            <bpmn:sequenceFlow id="fb" sourceRef="gw" targetRef="end_b" />
            """);

        AssertProblem(problems, "fb", "without a condition");
    }

    [Fact]
    public void Validate_RefusesADefaultThatIsNotAnOutgoingFlow()
    {
        var problems = ProblemsOfStep("gw", """<bpmn:exclusiveGateway id="gw" default="f_lain" />""");

        AssertProblem(problems, "gw", "'f_lain' is not an outgoing flow");
    }

    [Fact]
    public void Validate_RefusesConditionsOnAParallelGateway()
    {
        var problems = Problems("""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:endEvent id="end_a" /><bpmn:endEvent id="end_b" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
            <bpmn:sequenceFlow id="fa" sourceRef="fork" targetRef="end_a"><bpmn:conditionExpression>${a}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="fb" sourceRef="fork" targetRef="end_b" />
            """);

        AssertProblem(problems, "fork", "no conditions");
    }

    [Fact]
    public void Validate_RefusesConditionsOnFlowsLeavingAnActivity()
    {
        var problems = Problems("""
            <bpmn:startEvent id="start" /><bpmn:userTask id="t" /><bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t" />
            <bpmn:sequenceFlow id="f1" sourceRef="t" targetRef="end"><bpmn:conditionExpression>${ok}</bpmn:conditionExpression></bpmn:sequenceFlow>
            """);

        AssertProblem(problems, "f1", "exclusive gateway after it");
    }

    [Theory]
    [InlineData("${jumlah >}", "not valid")]
    [InlineData("${a", "without a closing")]
    [InlineData("${}", "empty")]
    [InlineData("${010}", "Octal")]
    [InlineData("jumlah > 10", "not one ${")]
    [InlineData("${a} dan ${b}", "not one ${")]
    public void Validate_RefusesAConditionThatIsNotOneValidExpression(string condition, string words)
    {
        var problems = Problems($$"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="fb" />
            <bpmn:endEvent id="end_a" /><bpmn:endEvent id="end_b" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
            <bpmn:sequenceFlow id="fa" sourceRef="gw" targetRef="end_a"><bpmn:conditionExpression><![CDATA[{{condition}}]]></bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="fb" sourceRef="gw" targetRef="end_b" />
            """);

        AssertProblem(problems, "fa", words);
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_RefusesADeeplyNestedExpression_WithoutRunningOutOfStack()
    {
        var nested = "${" + new string('[', 20_000) + new string(']', 20_000) + "}";

        var problems = ProblemsOfStep("t", $"""<bpmn:userTask id="t" camunda:assignee="{nested}" />""");

        AssertProblem(problems, "t", "camunda:assignee");
    }
}
