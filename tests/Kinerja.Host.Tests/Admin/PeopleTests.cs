using System.Net;
using Kinerja.Host.Organization;
using Kinerja.Host.Security;
using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Admin;

public sealed class PeopleTests
{
    private static List<KeyValuePair<string, string>> NewPerson(string key, string email, string? supervisor = DemoOrganization.Kasubbag) =>
    [
        new("Input.Key", key),
        new("Input.Name", "Staf Baru (tes)"),
        new("Input.Nip", "19800101 200501 1 001"),
        new("Input.Email", email),
        new("Input.Position", "Analis Kinerja"),
        new("Input.SkpdCode", ""),
        new("Input.SupervisorKey", supervisor ?? ""),
        new("Input.Culture", "en"),
        new("Input.Active", "true"),
    ];

    [Fact]
    public async Task CreatingAPerson_WithAnInvalidEmail_SaysSoOnTheEmailField_AndStoresNothing()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var response = await admin.PostFormAsync("/admin/pegawai/baru", NewPerson("staf.baru", "bukan-email"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Browser.TextAsync(response);
        Assert.Contains("Email: 'bukan-email' bukan alamat email yang valid.", html, StringComparison.Ordinal);
        Assert.Contains("data-valmsg-for=\"Input.Email\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Staf Baru (tes)\"", html, StringComparison.Ordinal); // what was typed stays
        await using var db = host.HostDb();
        Assert.False(await db.People.AnyAsync(p => p.Key == "staf.baru"));
    }

    [Fact]
    public async Task CreatingAPerson_ChecksEveryField_AndNamesEachProblem_InEnglishToo()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);
        List<KeyValuePair<string, string>> fields =
        [
            new("Input.Key", "Staf Baru"), new("Input.Name", ""), new("Input.Nip", "123"), new("Input.Email", "x@y.example"),
            new("Input.SkpdCode", "mars"), new("Input.SupervisorKey", "tidak.ada"), new("Input.Culture", "fr"),
        ];

        var response = await admin.PostFormAsync("/admin/pegawai/baru?culture=en-US", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Browser.TextAsync(response);
        Assert.Contains("Key may hold only lower-case letters", html, StringComparison.Ordinal);
        Assert.Contains("Name is required.", html, StringComparison.Ordinal);
        Assert.Contains("NIP must be 18 digits.", html, StringComparison.Ordinal);
        Assert.Contains("SKPD: there is no SKPD 'mars'.", html, StringComparison.Ordinal);
        Assert.Contains("Supervisor (atasan): there is no person 'tidak.ada'.", html, StringComparison.Ordinal);
        Assert.Contains("Mail language must be 'id' (Bahasa Indonesia) or 'en' (English).", html, StringComparison.Ordinal);
        await using var db = host.HostDb();
        Assert.Equal(DemoOrganization.PerangkatDaerah.Count * 2 + 5, await db.People.CountAsync());
    }

    [Fact]
    public async Task APerson_IsCreated_Listed_AndEdited_ButNoAtasanChainMayGoInACircle()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var created = await admin.PostFormAsync("/admin/pegawai/baru", NewPerson("staf.baru", "staf.baru@buleleng.example"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/pegawai/staf.baru", created.Headers.Location!.OriginalString);
        Assert.Contains("Data pegawai 'staf.baru' disimpan.", await admin.PageAsync("/admin/pegawai/staf.baru"), StringComparison.Ordinal);
        Assert.Contains("data-person=\"staf.baru\"", await admin.PageAsync("/admin/pegawai?q=Staf+Baru"), StringComparison.Ordinal);
        await using (var db = host.HostDb())
        {
            var person = await db.People.SingleAsync(p => p.Key == "staf.baru");
            Assert.Equal("198001012005011001", person.Nip);
            Assert.Equal(DemoOrganization.Kasubbag, person.SupervisorKey);
            Assert.Equal("en", person.Culture);
        }

        // Kasubbag's atasan cannot become someone who reports to Kasubbag.
        List<KeyValuePair<string, string>> circle = [.. NewPerson("", "kasubbag.kinerja@buleleng.example", "staf.baru").Where(f => f.Key != "Input.Key")];
        var refused = await admin.PostFormAsync("/admin/pegawai/kasubbag.kinerja", circle);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Atasan: 'staf.baru' berada di bawah pegawai ini", await Browser.TextAsync(refused), StringComparison.Ordinal);

        var edited = await admin.PostFormAsync("/admin/pegawai/staf.baru", [.. NewPerson("", "staf@buleleng.example").Where(f => f.Key is not ("Input.Key" or "Input.Active")), new("Input.Active", "false")]);

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        await using (var db = host.HostDb())
        {
            var person = await db.People.SingleAsync(p => p.Key == "staf.baru");
            Assert.Equal("staf@buleleng.example", person.Email);
            Assert.False(person.Active);
            Assert.Equal(DemoOrganization.Kabag, (await db.People.SingleAsync(p => p.Key == DemoOrganization.Kasubbag)).SupervisorKey);
        }
    }

    [Fact]
    public async Task TheAdmin_GivesAPersonASignInAccount_WithAPasswordOfAtLeast12Characters_AndThePersonCanSignIn()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);
        const string page = "/admin/pegawai/kabag.organisasi";
        const string action = page + "?handler=Account";

        var tooShort = await admin.PostFormAsync(page, [new("Password", "Pendek#1"), new("PasswordAgain", "Pendek#1")], action);
        var mismatch = await admin.PostFormAsync(page, [new("Password", "Kabag#Organisasi2026"), new("PasswordAgain", "Kabag#Organisasi2027")], action);
        var weak = await admin.PostFormAsync(page, [new("Password", "kabagorganisasi"), new("PasswordAgain", "kabagorganisasi")], action);

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("Kata sandi minimal 12 karakter.", await Browser.TextAsync(tooShort), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("Ulangi kata sandi tidak sama dengan kata sandi.", await Browser.TextAsync(mismatch), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var weakText = await Browser.TextAsync(weak);
        Assert.Contains("Kata sandi harus memuat sedikitnya satu angka.", weakText, StringComparison.Ordinal);
        Assert.Contains("Kata sandi harus memuat sedikitnya satu huruf besar.", weakText, StringComparison.Ordinal);
        await using (var db = host.HostDb())
        {
            Assert.False(await db.Users.AnyAsync(u => u.PersonKey == DemoOrganization.Kabag));
        }

        var created = await admin.PostFormAsync(page, [new("Password", "Kabag#Organisasi2026"), new("PasswordAgain", "Kabag#Organisasi2026")], action);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Akun masuk: kabag.organisasi.", await admin.PageAsync(page), StringComparison.Ordinal);
        await using (var db = host.HostDb())
        {
            var user = await db.Users.SingleAsync(u => u.PersonKey == DemoOrganization.Kabag);
            Assert.Equal(DemoOrganization.Kabag, user.UserName);
            Assert.DoesNotContain("Kabag#Organisasi2026", user.PasswordHash!, StringComparison.Ordinal);
            using var scope = host.Services.CreateScope();
            Assert.False(await scope.ServiceProvider.GetRequiredService<UserManager<KinerjaUser>>().IsInRoleAsync(user, KinerjaRoles.Admin));
        }

        using var officer = await Browser.SignInAsync(host, DemoOrganization.Kabag, "Kabag#Organisasi2026");
        Assert.Contains("Kotak tugas — Kepala Bagian Organisasi (demo)", await officer.PageAsync("/kotak"), StringComparison.Ordinal);

        // Setting it again resets the password.
        var reset = await admin.PostFormAsync(page, [new("Password", "Sandi#Baru#2026x"), new("PasswordAgain", "Sandi#Baru#2026x")], action);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        using var again = await Browser.SignInAsync(host, DemoOrganization.Kabag, "Sandi#Baru#2026x");
    }

    [Fact]
    public async Task Roles_GainAndLoseMembers_AndSkpdsAreCreatedWithTheirOperatorsRole()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var added = await admin.PostFormAsync("/admin/peran", [new("Group", "kabag-organisasi"), new("Member", DemoOrganization.PengelolaData)], "/admin/peran?handler=Add");
        var twice = await admin.PostFormAsync("/admin/peran", [new("Group", "kabag-organisasi"), new("Member", DemoOrganization.PengelolaData)], "/admin/peran?handler=Add");
        var nobody = await admin.PostFormAsync("/admin/peran", [new("Group", "kabag-organisasi"), new("Member", "tidak.ada")], "/admin/peran?handler=Add");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("Anggota: 'pengelola.data' sudah menjadi anggota 'kabag-organisasi'.", await Browser.TextAsync(twice), StringComparison.Ordinal);
        Assert.Contains("Anggota: pegawai 'tidak.ada' tidak ada.", await Browser.TextAsync(nobody), StringComparison.Ordinal);
        await using (var db = host.HostDb())
        {
            Assert.Equal(2, await db.RoleMembers.CountAsync(m => m.Group == "kabag-organisasi"));
        }

        var removed = await admin.PostFormAsync("/admin/peran", [new("Group", "kabag-organisasi"), new("Member", DemoOrganization.PengelolaData)], "/admin/peran?handler=Remove");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        await using (var db = host.HostDb())
        {
            Assert.Equal([DemoOrganization.Kabag], await db.RoleMembers.Where(m => m.Group == "kabag-organisasi").Select(m => m.PersonKey).ToListAsync());
        }

        var skpd = await admin.PostFormAsync("/admin/skpd/baru", [new("Input.Code", "dinas-baru"), new("Input.Name", "Dinas Baru (tes)")]);
        var taken = await admin.PostFormAsync("/admin/skpd/baru", [new("Input.Code", "dinkes"), new("Input.Name", "Dinas Kesehatan Lagi")]);

        Assert.Equal(HttpStatusCode.Redirect, skpd.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("Kode: 'dinkes' sudah dipakai.", await Browser.TextAsync(taken), StringComparison.Ordinal);
        var list = await admin.PageAsync("/admin/skpd");
        Assert.Contains("data-skpd=\"dinas-baru\"", list, StringComparison.Ordinal);
        Assert.Contains("Kepala Dinas Kesehatan (demo)", list, StringComparison.Ordinal);
        Assert.Contains("Operator Dinas Kesehatan (demo)", list, StringComparison.Ordinal);
        await using (var db = host.HostDb())
        {
            Assert.Equal("Operator Dinas Baru (tes)", (await db.OrgRoles.SingleAsync(r => r.Group == "skpd:dinas-baru")).Name);
        }
    }
}
