namespace Kinerja.Cli.Tests.Support;

/// <summary>BPMN texts for the tests, each built for one story.</summary>
internal static class Definitions
{
    /// <summary>
    /// Permohonan cuti: a user task with a form, an exclusive gateway on its answer, a two-hour timer, and
    /// a task for the archivist. The approved path is the one a simulation takes (a boolean is filled with true).
    /// </summary>
    public static readonly string LeaveRequest = Wrap("""
          <bpmn:process id="cuti" name="Permohonan cuti" isExecutable="true">
            <bpmn:startEvent id="Start_Permohonan" />
            <bpmn:userTask id="Task_Periksa" name="Memeriksa permohonan" camunda:candidateGroups="kasubbag-kepegawaian" kinerja:timeStandard="PT60M">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="disetujui" label="Disetujui" type="boolean">
                    <camunda:validation><camunda:constraint name="required" /></camunda:validation>
                  </camunda:formField>
                  <camunda:formField id="jumlahHari" label="Jumlah hari" type="long">
                    <camunda:validation><camunda:constraint name="min" config="3" /></camunda:validation>
                  </camunda:formField>
                  <camunda:formField id="jenisCuti" label="Jenis cuti" type="enum">
                    <camunda:value id="tahunan" name="Cuti tahunan" />
                    <camunda:value id="sakit" name="Cuti sakit" />
                  </camunda:formField>
                  <camunda:formField id="mulaiCuti" label="Mulai cuti" type="date" />
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:exclusiveGateway id="Gateway_Disetujui" default="Flow_Ditolak" />
            <bpmn:intermediateCatchEvent id="Timer_TungguDuaJam">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:userTask id="Task_Arsipkan" name="Mengarsipkan surat cuti" camunda:assignee="arsiparis" />
            <bpmn:endEvent id="End_Disetujui" />
            <bpmn:endEvent id="End_Ditolak" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start_Permohonan" targetRef="Task_Periksa" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Periksa" targetRef="Gateway_Disetujui" />
            <bpmn:sequenceFlow id="Flow_Disetujui" sourceRef="Gateway_Disetujui" targetRef="Timer_TungguDuaJam">
              <bpmn:conditionExpression>${disetujui}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="Flow_Ditolak" sourceRef="Gateway_Disetujui" targetRef="End_Ditolak" />
            <bpmn:sequenceFlow id="Flow_3" sourceRef="Timer_TungguDuaJam" targetRef="Task_Arsipkan" />
            <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Arsipkan" targetRef="End_Disetujui" />
          </bpmn:process>
        """);

    /// <summary>Three mistakes an admin makes: a flow to nowhere, a time standard in words, a gateway with no way out.</summary>
    public static readonly string SeveralProblems = Wrap("""
          <bpmn:process id="rusak" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Task_Periksa" kinerja:timeStandard="lima hari" />
            <bpmn:exclusiveGateway id="Gateway_Buntu" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Periksa" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Periksa" targetRef="Gateway_Buntu" />
            <bpmn:sequenceFlow id="Flow_Hilang" sourceRef="Task_Periksa" targetRef="Task_TidakAda" />
          </bpmn:process>
        """);

    /// <summary>start → a receive task waiting for a message nobody sends → end.</summary>
    public static readonly string WaitsForMessage = Wrap("""
          <bpmn:process id="menunggu" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:receiveTask id="Receive_SuratBalasan" messageRef="Message_Balasan" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Receive_SuratBalasan" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Receive_SuratBalasan" targetRef="End" />
          </bpmn:process>
          <bpmn:message id="Message_Balasan" name="SuratBalasan" />
        """);

    /// <summary>A review that always sends the work back: it never ends.</summary>
    public static readonly string EndlessRevision = Wrap("""
          <bpmn:process id="revisi" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Task_Revisi" camunda:candidateGroups="staf" />
            <bpmn:exclusiveGateway id="Gateway_Lagi" default="Flow_Lagi" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Revisi" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Revisi" targetRef="Gateway_Lagi" />
            <bpmn:sequenceFlow id="Flow_Lagi" sourceRef="Gateway_Lagi" targetRef="Task_Revisi" />
            <bpmn:sequenceFlow id="Flow_Selesai" sourceRef="Gateway_Lagi" targetRef="End">
              <bpmn:conditionExpression>${false}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
          </bpmn:process>
        """);

    /// <summary>A service task and a send task whose topics no host handler is given for in a dry run.</summary>
    public static readonly string ServiceAndSendTasks = Wrap("""
          <bpmn:process id="surat" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:serviceTask id="Service_Nomori" camunda:type="external" camunda:topic="penomoran-surat" />
            <bpmn:sendTask id="Send_Kirim" camunda:type="external" camunda:topic="kirim-surat" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Service_Nomori" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Service_Nomori" targetRef="Send_Kirim" />
            <bpmn:sequenceFlow id="Flow_3" sourceRef="Send_Kirim" targetRef="End" />
          </bpmn:process>
        """);

    public const string Malformed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs">
          <bpmn:process id="p" isExecutable="true">
            <bpmn:startEvent id="Start">
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>An external entity that would pull <paramref name="secretPath"/> into the process name.</summary>
    public static string WithExternalEntity(string secretPath) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE bpmn:definitions [ <!ENTITY rahasia SYSTEM "file://{secretPath}"> ]>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://kinerja.test">
          <bpmn:process id="p" name="&rahasia;" isExecutable="true">
            <bpmn:startEvent id="Start" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Wrap(string content) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0"
                          id="defs" targetNamespace="http://kinerja.test">
        {content}
        </bpmn:definitions>
        """;
}
