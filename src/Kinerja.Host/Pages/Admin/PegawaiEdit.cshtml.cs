using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Kinerja.Host.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>
/// Creates (<c>/admin/pegawai/baru</c>) or edits a person, and gives them a sign-in account: user name = the
/// person's key, a password the admin chooses (at least 12 characters). Setting the password again also unlocks it.
/// </summary>
public sealed class PegawaiEditModel(
    HostDbContextFactory contexts,
    UserManager<KinerjaUser> users,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const int MinPasswordLength = 12;

    [BindProperty]
    public PersonInput Input { get; set; } = new();

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordAgain { get; set; }

    public bool Creating { get; private set; }
    public Person? Existing { get; private set; }
    public KinerjaUser? Account { get; private set; }
    public bool AccountLockedOut { get; private set; }
    public IReadOnlyList<Skpd> Skpds { get; private set; } = [];
    public IReadOnlyList<Person> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFoundPage("People.NotFound", key);
        }

        Input = Existing is null ? new PersonInput() : PersonInput.From(Existing);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFoundPage("People.NotFound", key);
        }

        var result = await new OrganizationAdmin(contexts, Clock).SavePersonAsync(Input, Creating ? null : key, cancellationToken);
        if (!result.Succeeded)
        {
            AddErrors(result.Errors, nameof(Input));
            return Page();
        }

        var saved = Creating ? Input.Key!.Trim() : key;
        Notice = Text["People.Saved", saved];
        return Redirect($"/admin/pegawai/{Uri.EscapeDataString(saved)}");
    }

    public async Task<IActionResult> OnPostAccountAsync(string key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken) || Existing is null)
        {
            return NotFoundPage("People.NotFound", key);
        }

        Input = PersonInput.From(Existing);
        var password = Password ?? string.Empty;
        if (password.Length < MinPasswordLength)
        {
            AddErrors([new FieldError(nameof(Password), "Error.PasswordLength", [MinPasswordLength])]);
            return Page();
        }

        if (password != PasswordAgain)
        {
            AddErrors([new FieldError(nameof(PasswordAgain), "Error.PasswordMismatch")]);
            return Page();
        }

        IdentityResult result;
        if (Account is null)
        {
            if (await users.FindByNameAsync(Existing.Key) is not null)
            {
                AddErrors([new FieldError(nameof(Password), "Error.UserNameTaken", [Existing.Key])]);
                return Page();
            }

            Account = new KinerjaUser { UserName = Existing.Key, PersonKey = Existing.Key, Email = Existing.Email, EmailConfirmed = true };
            result = await users.CreateAsync(Account, password);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(Account);
            result = await users.ResetPasswordAsync(Account, token, password);
            if (result.Succeeded)
            {
                await users.SetLockoutEndDateAsync(Account, null);
                await users.ResetAccessFailedCountAsync(Account);
            }
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var localized = Text["Identity." + error.Code];
                ModelState.AddModelError(nameof(Password), localized.ResourceNotFound ? error.Description : localized.Value);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            Account = await users.Users.FirstOrDefaultAsync(u => u.PersonKey == key, cancellationToken);
            return Page();
        }

        Notice = Text["People.AccountSaved", Existing.Key];
        return Redirect($"/admin/pegawai/{Uri.EscapeDataString(Existing.Key)}");
    }

    private async Task<bool> LoadAsync(string key, CancellationToken cancellationToken)
    {
        Creating = key == OrganizationAdmin.NewKey;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        Skpds = await db.Skpds.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        People = await db.People.AsNoTracking().OrderBy(p => p.Key).ToListAsync(cancellationToken);
        if (Creating)
        {
            return true;
        }

        Existing = People.FirstOrDefault(p => p.Key == key);
        if (Existing is null)
        {
            return false;
        }

        Account = await users.Users.FirstOrDefaultAsync(u => u.PersonKey == key, cancellationToken);
        AccountLockedOut = Account is not null && await users.IsLockedOutAsync(Account);
        return true;
    }
}
