using System.Globalization;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Sop;

/// <summary>The seed SOP, end to end, with the 42 SKPDs of the regency and a fake clock.</summary>
public sealed class SopPengumpulanDataKinerjaTests
{
    private const string ProcessKey = "sop-pengumpulan-data-kinerja";
    private const string BusinessKey = "LKJIP-2025";
    private static readonly TimeSpan Wita = TimeSpan.FromHours(8);
    private static readonly string[] Skpd = Enumerable.Range(1, 42).Select(i => $"SKPD-{i:00}").ToArray();

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Wita);

    private static async Task<(EngineHarness Harness, Guid InstanceId)> StartAsync()
    {
        var harness = new EngineHarness(At(3, 2, 8));
        await harness.DeployAsync(await File.ReadAllTextAsync(RepoPaths.SeedSop));
        var instance = await harness.StartAsync(ProcessKey, new { skpd = Skpd }, BusinessKey);
        return (harness, instance.Id);
    }

    /// <summary>Steps 1 and 2: the Kabag's disposisi, then the Kasubbag sets the SKPDs' deadline (Friday 13 March).</summary>
    private static async Task DistributeAsync(EngineHarness harness, Guid instanceId)
    {
        var disposisi = await harness.SingleTaskAsync(instanceId, "Task_Disposisi");
        Assert.Equal(["kabag-organisasi"], disposisi.CandidateGroups);
        Assert.Equal(At(3, 2, 8, 5), disposisi.DueAt); // PT5M in working time
        await harness.AdvanceAsync(TimeSpan.FromMinutes(3));
        await harness.Engine.CompleteTaskAsync(disposisi.Id, "kabag", EngineHarness.Variables(new { catatanDisposisi = "Kumpulkan data kinerja 2025" }));

        var distribusi = await harness.SingleTaskAsync(instanceId, "Task_Distribusi");
        Assert.Equal(["kasubbag-kinerja-rb"], distribusi.CandidateGroups);
        Assert.Equal(At(3, 2, 9, 3), distribusi.DueAt); // PT60M from 08:03
        await harness.AdvanceAsync(TimeSpan.FromMinutes(40));
        await harness.Engine.CompleteTaskAsync(distribusi.Id, "kasubbag", EngineHarness.Variables(new { batasWaktuSkpd = "2026-03-13", instruksi = "Isi capaian IKU" }));
    }

    [Fact]
    public async Task FortyTwoSkpd_Submit_ThenCompilationAndArchiving_EachWithItsWorkingTimeDeadline()
    {
        var (harness, instanceId) = await StartAsync();
        await DistributeAsync(harness, instanceId);

        var skpdTasks = await harness.OpenTasksAsync(instanceId);
        Assert.Equal(42, skpdTasks.Count);
        Assert.Equal(Skpd.Select(s => "skpd:" + s).Order(), skpdTasks.Select(t => t.CandidateGroups.Single()).Order());
        Assert.All(skpdTasks, t => Assert.Equal(At(3, 13, 14), t.DueAt)); // a date deadline = end of that Friday's hours

        foreach (var task in skpdTasks)
        {
            var code = task.Context["kodeSkpd"]!.GetValue<string>();
            await harness.AdvanceAsync(TimeSpan.FromMinutes(20));
            await harness.Engine.CompleteTaskAsync(task.Id, "operator-" + code, EngineHarness.Variables(new { capaianKinerja = $"IKU {code} tercapai", jumlahIndikator = 5 + int.Parse(code[5..], CultureInfo.InvariantCulture) }));
        }

        var results = (await harness.InstanceAsync(instanceId)).Variables["Task_SajikanDataSkpd_results"]!.AsObject();
        Assert.Equal(42, results.Count);
        Assert.Equal(47L, results["SKPD-42"]!["jumlahIndikator"]!.GetValue<long>());

        var kompilasi = await harness.SingleTaskAsync(instanceId, "Task_Kompilasi");
        Assert.Equal(harness.Calendar.Add(kompilasi.CreatedAt, IsoDuration.Parse("P5D")), kompilasi.DueAt);
        await harness.AdvanceAsync(TimeSpan.FromDays(1));
        await harness.Engine.CompleteTaskAsync(kompilasi.Id, "pengelola", EngineHarness.Variables(new { dokumenLkjip = "LKjIP-2025.pdf" }));

        var dokumentasi = await harness.SingleTaskAsync(instanceId, "Task_Dokumentasi");
        Assert.Equal(harness.Calendar.Add(dokumentasi.CreatedAt, IsoDuration.Parse("P1D")), dokumentasi.DueAt);
        await harness.Engine.CompleteTaskAsync(dokumentasi.Id, "pengelola", EngineHarness.Variables(new { lokasiArsip = "Lemari arsip B-2" }));

        var state = await harness.InstanceAsync(instanceId);
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Equal(
            ["StartEvent_Mulai", "Task_Disposisi", "Task_Distribusi", "Task_SajikanDataSkpd", "Gateway_DataTerkumpul", "Task_Kompilasi", "Task_Dokumentasi", "EndEvent_Selesai"],
            (await harness.CompletedElementsAsync(instanceId)).Distinct());
        Assert.Empty(harness.Timers.Pending);
    }

    [Fact]
    public async Task TheKasubbagClosesCollection_BeforeNyepi_AndCompilationCountsFiveWorkingDaysAcrossTheHolidays()
    {
        var (harness, instanceId) = await StartAsync();
        await DistributeAsync(harness, instanceId);
        var skpdTasks = await harness.OpenTasksAsync(instanceId);
        foreach (var task in skpdTasks.Take(41))
        {
            await harness.Engine.CompleteTaskAsync(task.Id, "operator", EngineHarness.Variables(new { capaianKinerja = "lengkap" }));
        }

        // The last SKPD is reminded at 80 % of the working time to its deadline, told when it is due, and the
        // supervisor hears of it every working day after; then the Kasubbag closes collection on Tuesday 17 March.
        await harness.AdvanceToAsync(At(3, 17, 10));
        var late = skpdTasks[41];
        var told = harness.Notifications.Published.Where(n => n.TaskId == late.Id).Select(n => n.Kind).ToList();
        Assert.Equal([NotificationKind.TaskCreated, NotificationKind.TaskReminder, NotificationKind.TaskDue, NotificationKind.TaskEscalated, NotificationKind.TaskEscalated], told);
        await harness.Engine.CorrelateMessageAsync("PengumpulanDitutup", BusinessKey);

        Assert.Equal(HumanTaskStatus.Cancelled, (await harness.Engine.GetTaskAsync(late.Id)).Status);
        var kompilasi = await harness.SingleTaskAsync(instanceId, "Task_Kompilasi");
        Assert.Equal(["pengelola-data"], kompilasi.CandidateGroups);
        // 18 Mar cuti bersama, 19 Nyepi, 20 cuti bersama, 21-22 weekend and Idul Fitri, 23-24 cuti bersama:
        // five working days from Tuesday 17 March 10:00 end on Tuesday 31 March 10:00.
        Assert.Equal(At(3, 31, 10), kompilasi.DueAt);
        Assert.Equal(41, (await harness.InstanceAsync(instanceId)).Variables["Task_SajikanDataSkpd_results"]!.AsObject().Count);
    }
}
