using Kinerja.Testing;

namespace Kinerja.Benchmarks;

internal static class BenchmarkProcesses
{
    public const string FourStepsKey = FourStepsProcess.Key;

    /// <summary>start → four user tasks in a row → end.</summary>
    public const string FourSteps = FourStepsProcess.Xml;

    public const string InboxKey = "inbox";

    /// <summary>
    /// One open task per instance, for filling an inbox: its group, assignee (empty: unassigned) and due
    /// date come from the start variables, so the engine creates the task as it would for any SOP step.
    /// </summary>
    public const string Inbox = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0" id="d" targetNamespace="t">
          <bpmn:process id="inbox" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="submit" name="Kirim data kinerja" camunda:candidateGroups="${group}" camunda:assignee="${assignee}"
                           camunda:dueDate="${due}" kinerja:timeStandard="P5D" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="submit" />
            <bpmn:sequenceFlow id="f1" sourceRef="submit" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
