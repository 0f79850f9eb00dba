using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Mail;

/// <summary>The designer's "Kirim email" template (send task, topic email) deploys and sends its message once per recipient.</summary>
public sealed class SendTaskMailTests
{
    private const string Announcement = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
          <bpmn:process id="pengumuman" isExecutable="true">
            <bpmn:startEvent id="Mulai" />
            <bpmn:sequenceFlow id="f1" sourceRef="Mulai" targetRef="Kirim" />
            <bpmn:sendTask id="Kirim" name="Umumkan jadwal" camunda:type="external" camunda:topic="email">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="to">kasubbag.kinerja, pengelola-data, sekretariat@buleleng.example</camunda:inputParameter>
                  <camunda:inputParameter name="subject">Jadwal LKjIP ${tahun}</camunda:inputParameter>
                  <camunda:inputParameter name="body">Data kinerja ${tahun} dikumpulkan mulai pekan depan.</camunda:inputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:sendTask>
            <bpmn:sequenceFlow id="f2" sourceRef="Kirim" targetRef="Selesai" />
            <bpmn:endEvent id="Selesai" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task ASendTaskWithTopicEmail_MailsPeopleRoleMembersAndAddresses_OnceEach_AfterTheCommit()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp);
        var deployed = await host.Engine.DeployAsync(Announcement, "pengumuman.bpmn");
        Assert.True(deployed.Succeeded, string.Join("; ", deployed.Problems));

        await host.Engine.StartAsync("pengumuman", new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["tahun"] = 2026 }, "PGM-1", "admin");
        await host.RunDueAsync();
        await host.Engine.DispatchPendingAsync(); // handing the outbox over again makes no second mail
        await host.RunDueAsync();

        var to = smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [$"{DemoOrganization.Kasubbag}@{DemoOrganization.MailDomain}", $"{DemoOrganization.PengelolaDataDua}@{DemoOrganization.MailDomain}",
             $"{DemoOrganization.PengelolaData}@{DemoOrganization.MailDomain}", "sekretariat@buleleng.example"],
            to);
        Assert.All(smtp.Received, m => Assert.Equal("Jadwal LKjIP 2026", m.Subject));
        Assert.All(smtp.Received, m => Assert.Contains("Data kinerja 2026 dikumpulkan mulai pekan depan.", m.TextBody, StringComparison.Ordinal));
    }
}
