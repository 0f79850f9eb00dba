namespace Kinerja.Testing;

/// <summary>
/// start → four user tasks in a row → end: the process of the store's tests, the crash worker and the
/// benchmark (this one file is compiled into each of them).
/// </summary>
internal static class FourStepsProcess
{
    public const string Key = "four";

    public const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0" id="d" targetNamespace="t">
          <bpmn:process id="four" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="t1" camunda:candidateGroups="kabag" kinerja:timeStandard="PT5M" />
            <bpmn:userTask id="t2" camunda:candidateGroups="kasubbag" kinerja:timeStandard="PT60M" />
            <bpmn:userTask id="t3" camunda:candidateGroups="pengelola" kinerja:timeStandard="P5D" />
            <bpmn:userTask id="t4" camunda:candidateGroups="pengelola" kinerja:timeStandard="P1D" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t1" />
            <bpmn:sequenceFlow id="f1" sourceRef="t1" targetRef="t2" />
            <bpmn:sequenceFlow id="f2" sourceRef="t2" targetRef="t3" />
            <bpmn:sequenceFlow id="f3" sourceRef="t3" targetRef="t4" />
            <bpmn:sequenceFlow id="f4" sourceRef="t4" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
