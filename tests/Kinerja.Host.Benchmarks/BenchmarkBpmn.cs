using System.Globalization;
using System.Text;
using System.Xml;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// The benchmark's processes, written into the host's workflows folder before it starts. With timer starts, the process
/// has that many timer start events, their <c>timeDate</c>s spread evenly over a window from a first instant: the host
/// itself starts one instance per event (engine timers), which is how instances are started without the REST API.
/// Without, one none start event.
/// </summary>
internal static class BenchmarkBpmn
{
    public const string RemindersKey = "bench-pengingat";
    public const string OfficersKey = "bench-petugas";

    /// <summary>The one member of this group gets every reminder: one reminder is one mail.</summary>
    public const string RemindersGroup = "kasubbag-kinerja-rb";

    public const string FirstStepGroup = "kabag-organisasi";
    public const string SecondStepGroup = "kasubbag-kinerja-rb";
    public const string FirstStepName = "Mengisi data kinerja (benchmark)";
    public const string SecondStepName = "Memeriksa data kinerja (benchmark)";
    public const string FormField = "catatan";

    /// <summary>
    /// One user task whose time standard counts in calendar time; its reminder is due at 80 % of it after the task was
    /// created. No due notice and no escalation, so the reminders are the only timers.
    /// </summary>
    public static string Reminders(int timerStarts, DateTimeOffset startAt, TimeSpan window, TimeSpan timeStandard)
    {
        var body = new StringBuilder();
        var first = Starts(timerStarts, startAt, window, "Task_Tindak");
        body.Append(CultureInfo.InvariantCulture, $"""
                <bpmn:userTask id="Task_Tindak" name="Menindaklanjuti (benchmark pengingat)" camunda:candidateGroups="{RemindersGroup}" kinerja:timeStandard="{XmlConvert.ToString(timeStandard)}" kinerja:timeBasis="calendar">
                  <bpmn:extensionElements>
                    <kinerja:reminderPolicy reminderAtPercent="80" dueNotice="false" escalate="false" />
                  </bpmn:extensionElements>
                </bpmn:userTask>
                <bpmn:sequenceFlow id="Flow_Selesai" sourceRef="Task_Tindak" targetRef="End" />
                <bpmn:endEvent id="End" />

            """);
        return Definitions(RemindersKey, "Benchmark pengingat", first + body);
    }

    /// <summary>
    /// Two user tasks in a row, each for a group of one person, with working-time standards (their timers are scheduled
    /// and cancelled as in an SOP, and do not fall due during a run): completing the first makes the second and its mail.
    /// </summary>
    public static string Officers(int timerStarts, DateTimeOffset startAt)
    {
        var body = new StringBuilder();
        var first = Starts(timerStarts, startAt, TimeSpan.Zero, "Task_Isi");
        body.Append(CultureInfo.InvariantCulture, $"""
                <bpmn:userTask id="Task_Isi" name="{FirstStepName}" camunda:candidateGroups="{FirstStepGroup}" kinerja:timeStandard="PT60M">
                  <bpmn:extensionElements>
                    <camunda:formData>
                      <camunda:formField id="{FormField}" label="Catatan" type="string">
                        <camunda:validation><camunda:constraint name="required" /></camunda:validation>
                      </camunda:formField>
                    </camunda:formData>
                  </bpmn:extensionElements>
                </bpmn:userTask>
                <bpmn:sequenceFlow id="Flow_Isi_Periksa" sourceRef="Task_Isi" targetRef="Task_Periksa" />
                <bpmn:userTask id="Task_Periksa" name="{SecondStepName}" camunda:candidateGroups="{SecondStepGroup}" kinerja:timeStandard="P1D" />
                <bpmn:sequenceFlow id="Flow_Selesai" sourceRef="Task_Periksa" targetRef="End" />
                <bpmn:endEvent id="End" />

            """);
        return Definitions(OfficersKey, "Benchmark petugas", first + body);
    }

    private static string Starts(int timerStarts, DateTimeOffset startAt, TimeSpan window, string firstTask)
    {
        var starts = new StringBuilder();
        if (timerStarts == 0)
        {
            starts.Append(CultureInfo.InvariantCulture, $"""
                    <bpmn:startEvent id="Start" />
                    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="{firstTask}" />

                """);
            return starts.ToString();
        }

        for (var i = 0; i < timerStarts; i++)
        {
            var at = (startAt + window * i / timerStarts).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            starts.Append(CultureInfo.InvariantCulture, $"""
                    <bpmn:startEvent id="Start_{i}"><bpmn:timerEventDefinition><bpmn:timeDate>{at}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
                    <bpmn:sequenceFlow id="Flow_Start_{i}" sourceRef="Start_{i}" targetRef="{firstTask}" />

                """);
        }

        return starts.ToString();
    }

    private static string Definitions(string key, string name, string process) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0"
                          id="Definitions_{key}" targetNamespace="https://kinerja-workflows.org/benchmark">
          <bpmn:process id="{key}" name="{name}" isExecutable="true">
        {process}  </bpmn:process>
        </bpmn:definitions>
        """;
}
