using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>Durations, timers, forms and the other values an element carries.</summary>
public sealed partial class BpmnValidatorTests
{
    private static string Timer(string kind, string text) =>
        $"<bpmn:timerEventDefinition><bpmn:{kind}>{text}</bpmn:{kind}></bpmn:timerEventDefinition>";

    private static string Form(string fields) =>
        $"""<bpmn:userTask id="t"><bpmn:extensionElements><camunda:formData>{fields}</camunda:formData></bpmn:extensionElements></bpmn:userTask>""";

    [Theory]
    [InlineData("5 hari")]
    [InlineData("P")]
    [InlineData("PT5X")]
    public void Validate_RefusesATimeStandardThatIsNotAnIsoDuration(string text)
    {
        AssertProblem(ProblemsOfStep("t", $"""<bpmn:userTask id="t" kinerja:timeStandard="{text}" />"""), "t", "kinerja:timeStandard");
    }

    [Theory]
    [InlineData("P1Y")]
    [InlineData("P2M")]
    public void Validate_RefusesYearsOrMonths_InAWorkingTimeStandard(string text)
    {
        AssertProblem(ProblemsOfStep("t", $"""<bpmn:userTask id="t" kinerja:timeStandard="{text}" />"""), "t", "years or months");
    }

    [Fact]
    public void Validate_AcceptsYears_InACalendarTimeStandard()
    {
        Assert.Empty(ProblemsOfStep("t", """<bpmn:userTask id="t" kinerja:timeStandard="P1Y" kinerja:timeBasis="calendar" />"""));
    }

    [Fact]
    public void Validate_RefusesAnUnknownTimeBasis()
    {
        AssertProblem(ProblemsOfStep("t", """<bpmn:userTask id="t" kinerja:timeStandard="P1D" kinerja:timeBasis="bulan" />"""), "t", "'working' or 'calendar'");
    }

    [Theory]
    [InlineData("timeDate", "31-03-2026 jam 4", "not an ISO 8601 date-time")]
    [InlineData("timeDate", "0001-01-01T00:00:00", "not an ISO 8601 date-time")]
    [InlineData("timeCycle", "setiap hari", "cycle")]
    [InlineData("timeCycle", "R/0001-01-01T00:00:00/P1D", "cycle")]
    [InlineData("timeCycle", "R3/PT0M", "cycle")]
    [InlineData("timeDuration", "dua jam", "duration")]
    public void Validate_RefusesABadTimer(string kind, string text, string words)
    {
        var problems = ProblemsOfStep("tunggu", $"""<bpmn:intermediateCatchEvent id="tunggu">{Timer(kind, text)}</bpmn:intermediateCatchEvent>""");

        AssertProblem(problems, "tunggu", words);
    }

    [Fact]
    public void Validate_RefusesATimerWithNothingOrTwoThingsToCount()
    {
        var problems = Problems($"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="kosong"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="ganda">
              <bpmn:timerEventDefinition><bpmn:timeDate>2026-03-31T16:00:00</bpmn:timeDate><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            {BpmnText.Sequence("kosong", "ganda")}
            """);

        AssertProblem(problems, "kosong", "has no timeDate");
        AssertProblem(problems, "ganda", "more than one");
    }

    [Fact]
    public void Validate_RefusesATimerStartEvent_CountingADuration()
    {
        var problems = Problems($"""
            <bpmn:startEvent id="start">{Timer("timeDuration", "PT1H")}</bpmn:startEvent>
            <bpmn:endEvent id="end" />
            {BpmnText.Sequence()}
            """);

        AssertProblem(problems, "start", "timeDate or timeCycle");
    }

    [Fact]
    public void Validate_RefusesADueDateThatIsNeitherADateNorAnExpression()
    {
        AssertProblem(ProblemsOfStep("t", """<bpmn:userTask id="t" camunda:dueDate="besok" />"""), "t", "camunda:dueDate");
    }

    [Theory]
    [InlineData("angka")]
    [InlineData("date,enum")]
    [InlineData("1")]
    public void Validate_RefusesAnUnknownFormFieldType(string type)
    {
        var problems = ProblemsOfStep("t", Form($"""<camunda:formField id="nilai" type="{type}" />"""));

        AssertProblem(problems, "t", $"unknown type '{type}'");
    }

    [Fact]
    public void Validate_RefusesAnUnknownConstraint()
    {
        var problems = ProblemsOfStep("t", Form("""
            <camunda:formField id="nilai" type="long">
              <camunda:validation><camunda:constraint name="pattern" config="[0-9]+" /></camunda:validation>
            </camunda:formField>
            """));

        AssertProblem(problems, "t", "unknown constraint 'pattern'");
    }

    [Theory]
    [InlineData("min", "satu")]
    [InlineData("maxlength", "99999999999")]
    [InlineData("minlength", "-1")]
    public void Validate_RefusesAConstraintThatIsNotAWholeNumber(string name, string config)
    {
        var problems = ProblemsOfStep("t", Form($"""
            <camunda:formField id="nilai" type="string">
              <camunda:validation><camunda:constraint name="{name}" config="{config}" /></camunda:validation>
            </camunda:formField>
            """));

        AssertProblem(problems, "t", $"'{name}' needs");
    }

    [Fact]
    public void Validate_RefusesAnEnumWithoutValues()
    {
        AssertProblem(ProblemsOfStep("t", Form("""<camunda:formField id="jenis" type="enum" />""")), "t", "camunda:value");
    }

    [Fact]
    public void Validate_RefusesAFormFieldWithoutIdOrTwice()
    {
        var problems = ProblemsOfStep("t", Form("""
            <camunda:formField type="string" />
            <camunda:formField id="a" /><camunda:formField id="a" />
            """));

        AssertProblem(problems, "t", "has no id");
        AssertProblem(problems, "t", "appears twice");
    }

    [Fact]
    public void Validate_RefusesABadReminderPolicy()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <kinerja:reminderPolicy reminderAtPercent="120" dueNotice="ya" escalationRepeat="P0D" />
                <kinerja:requiredInput description="tanpa nama" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            """);

        AssertProblem(problems, "t", "reminderAtPercent");
        AssertProblem(problems, "t", "dueNotice");
        AssertProblem(problems, "t", "escalationRepeat");
        AssertProblem(problems, "t", "kinerja:requiredInput has no name");
    }

    [Fact]
    public void Validate_RefusesASopHeaderDateNotWrittenAsIso()
    {
        var problems = Problems($"""
            <bpmn:extensionElements><kinerja:sopHeader number="1" revisedOn="04/01/2021" /></bpmn:extensionElements>
            <bpmn:startEvent id="start" /><bpmn:endEvent id="end" />
            {BpmnText.Sequence()}
            """);

        AssertProblem(problems, "p", "revisedOn");
    }

    [Fact]
    public void Validate_RefusesAMultiInstanceWithoutCollectionOrCount()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>
            """);

        AssertProblem(problems, "t", "neither a collection");
    }

    [Fact]
    public void Validate_RefusesAMultiInstanceCollection_WithoutAnElementVariable()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics camunda:collection="${skpd}" /></bpmn:userTask>
            """);

        AssertProblem(problems, "t", "camunda:elementVariable");
    }

    [Fact]
    public void Validate_RefusesALoopCardinalityThatIsNeitherANumberNorAnExpression()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>tiga</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
            """);

        AssertProblem(problems, "t", "loopCardinality 'tiga'");
    }

    [Fact]
    public void Validate_RefusesParametersTheEngineCannotPass()
    {
        var problems = ProblemsOfStep("kirim", """
            <bpmn:serviceTask id="kirim" camunda:type="external" camunda:topic="email">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="to">${email}</camunda:inputParameter>
                  <camunda:inputParameter>tanpa nama</camunda:inputParameter>
                  <camunda:inputParameter name="isi"><camunda:script scriptFormat="groovy">"x"</camunda:script></camunda:inputParameter>
                  <camunda:outputParameter name="hasil">${status}</camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            """);

        AssertProblem(problems, "kirim", "camunda:outputParameter is not supported");
        AssertProblem(problems, "kirim", "has no name");
        AssertProblem(problems, "kirim", "'isi' holds a camunda:script");
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Validate_RefusesACompletionConditionThatIsNotOneExpression()
    {
        var problems = ProblemsOfStep("t", """
            <bpmn:userTask id="t">
              <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality>
                <bpmn:completionCondition>nrOfCompletedInstances &gt; 1</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            """);

        AssertProblem(problems, "t", "completionCondition");
    }
}
