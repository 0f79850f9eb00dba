namespace Kinerja.Engine.Tests.Support;

/// <summary>Wraps process content in a BPMN definitions element with the namespaces the engine reads.</summary>
internal static class BpmnText
{
    public static string Process(string body, string id = "p", string extraDefinitions = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0"
                          id="defs" targetNamespace="http://kinerja.test">
          {extraDefinitions}
          <bpmn:process id="{id}" isExecutable="true">
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>start → the given elements in a row (each needs id) → end, with flows between.</summary>
    public static string Sequence(params string[] elementIds)
    {
        var ids = new[] { "start" }.Concat(elementIds).Append("end").ToArray();
        return string.Join(Environment.NewLine, ids.Zip(ids.Skip(1), (a, b) => $"<bpmn:sequenceFlow id=\"f_{a}_{b}\" sourceRef=\"{a}\" targetRef=\"{b}\" />"));
    }
}
