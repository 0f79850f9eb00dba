using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Admin;

/// <summary>A person as the admin form sends it: text as typed, checked by <see cref="OrganizationAdmin"/>.</summary>
public sealed class PersonInput
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? Nip { get; set; }
    public string? Email { get; set; }
    public string? Position { get; set; }
    public string? SkpdCode { get; set; }
    public string? SupervisorKey { get; set; }
    public string? Culture { get; set; } = "id";
    public bool Active { get; set; } = true;

    public static PersonInput From(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new PersonInput
        {
            Key = person.Key,
            Name = person.Name,
            Nip = person.Nip,
            Email = person.Email,
            Position = person.Position,
            SkpdCode = person.SkpdCode,
            SupervisorKey = person.SupervisorKey,
            Culture = person.Culture,
            Active = person.Active,
        };
    }
}

/// <summary>An SKPD as the admin form sends it.</summary>
public sealed class SkpdInput
{
    public string? Code { get; set; }
    public string? Name { get; set; }
}

/// <summary>An absence (Plh/Plt) as the admin form sends it; dates as yyyy-MM-dd.</summary>
public sealed class AbsenceInput
{
    public string? PersonKey { get; set; }
    public string? SubstituteKey { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Kind { get; set; } = nameof(SubstituteKind.Plh);
    public string? Reason { get; set; }
}

/// <summary>The outcome of an admin change: what is wrong (nothing was stored), or nothing.</summary>
public sealed record AdminResult(IReadOnlyList<FieldError> Errors)
{
    public static AdminResult Ok { get; } = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static AdminResult Fail(string field, string messageKey, params object[] args) => new([new FieldError(field, messageKey, args)]);
}

/// <summary>
/// The organisation as admins change it: people, SKPDs, roles and their members, absences. Each change is checked
/// whole before anything is stored, and each problem names its field.
/// </summary>
public sealed partial class OrganizationAdmin(HostDbContextFactory contexts, TimeProvider clock)
{
    /// <summary>The word the create pages use in place of a key; no person or SKPD may be called so.</summary>
    public const string NewKey = "baru";

    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int NipDigits = 18;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PersonKeyPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex SkpdCodePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9:._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupPattern();

    /// <summary>Creates a person (<paramref name="existingKey"/> null) or changes one; the key never changes.</summary>
    public async Task<AdminResult> SavePersonAsync(PersonInput input, string? existingKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var errors = new FieldErrors();
        var key = existingKey ?? Trim(input.Key);
        Person? person = null;
        if (existingKey is not null)
        {
            person = await db.People.FirstOrDefaultAsync(p => p.Key == existingKey, cancellationToken);
            if (person is null)
            {
                return AdminResult.Fail(nameof(PersonInput.Key), "Error.UnknownPerson", existingKey);
            }
        }
        else if (key is null)
        {
            errors.Add(nameof(PersonInput.Key), "Error.Required");
        }
        else if (!PersonKeyPattern().IsMatch(key) || key == NewKey)
        {
            errors.Add(nameof(PersonInput.Key), "Error.PersonKeyFormat");
        }
        else if (await db.People.AnyAsync(p => p.Key == key, cancellationToken))
        {
            errors.Add(nameof(PersonInput.Key), "Error.Taken", key);
        }

        var name = Trim(input.Name);
        RequireText(errors, nameof(PersonInput.Name), name, MaxNameLength);
        var nip = Trim(input.Nip)?.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (nip is not null && (nip.Length != NipDigits || !nip.All(char.IsAsciiDigit)))
        {
            errors.Add(nameof(PersonInput.Nip), "Error.Nip", NipDigits);
        }

        var email = Trim(input.Email);
        if (email is null)
        {
            errors.Add(nameof(PersonInput.Email), "Error.Required");
        }
        else if (!IsEmail(email))
        {
            errors.Add(nameof(PersonInput.Email), "Error.Email", email);
        }

        var position = Trim(input.Position);
        if (position?.Length > MaxNameLength)
        {
            errors.Add(nameof(PersonInput.Position), "Error.TooLong", MaxNameLength);
        }

        var skpd = Trim(input.SkpdCode);
        if (skpd is not null && !await db.Skpds.AnyAsync(s => s.Code == skpd, cancellationToken))
        {
            errors.Add(nameof(PersonInput.SkpdCode), "Error.UnknownSkpd", skpd);
        }

        var supervisor = Trim(input.SupervisorKey);
        if (supervisor is not null)
        {
            if (supervisor == key)
            {
                errors.Add(nameof(PersonInput.SupervisorKey), "Error.SupervisorSelf");
            }
            else if (!await db.People.AnyAsync(p => p.Key == supervisor, cancellationToken))
            {
                errors.Add(nameof(PersonInput.SupervisorKey), "Error.UnknownPerson", supervisor);
            }
            else if (key is not null && await LeadsToAsync(db, supervisor, key, cancellationToken))
            {
                errors.Add(nameof(PersonInput.SupervisorKey), "Error.SupervisorCycle", supervisor);
            }
        }

        var culture = Trim(input.Culture) ?? "id";
        if (culture is not ("id" or "en"))
        {
            errors.Add(nameof(PersonInput.Culture), "Error.Culture");
        }

        if (errors.Any)
        {
            return new AdminResult(errors.All);
        }

        if (person is null)
        {
            person = new Person { Key = key!, Name = name!, Email = email! };
            db.People.Add(person);
        }

        person.Name = name!;
        person.Nip = nip;
        person.Email = email!;
        person.Position = position;
        person.SkpdCode = skpd;
        person.SupervisorKey = supervisor;
        person.Culture = culture;
        person.Active = input.Active;
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok;
    }

    /// <summary>True when following atasan from <paramref name="from"/> upwards reaches <paramref name="target"/>.</summary>
    private static async Task<bool> LeadsToAsync(HostDbContext db, string from, string target, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = from;
        while (current is not null && seen.Add(current))
        {
            if (current == target)
            {
                return true;
            }

            var key = current;
            current = await db.People.Where(p => p.Key == key).Select(p => p.SupervisorKey).FirstOrDefaultAsync(cancellationToken);
        }

        return false;
    }

    /// <summary>Creates an SKPD with its operators' role <c>skpd:{code}</c>, or renames one.</summary>
    public async Task<AdminResult> SaveSkpdAsync(SkpdInput input, string? existingCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var errors = new FieldErrors();
        var code = existingCode ?? Trim(input.Code);
        Skpd? skpd = null;
        if (existingCode is not null)
        {
            skpd = await db.Skpds.FirstOrDefaultAsync(s => s.Code == existingCode, cancellationToken);
            if (skpd is null)
            {
                return AdminResult.Fail(nameof(SkpdInput.Code), "Error.UnknownSkpd", existingCode);
            }
        }
        else if (code is null)
        {
            errors.Add(nameof(SkpdInput.Code), "Error.Required");
        }
        else if (!SkpdCodePattern().IsMatch(code) || code == NewKey)
        {
            errors.Add(nameof(SkpdInput.Code), "Error.SkpdCodeFormat");
        }
        else if (await db.Skpds.AnyAsync(s => s.Code == code, cancellationToken))
        {
            errors.Add(nameof(SkpdInput.Code), "Error.Taken", code);
        }

        var name = Trim(input.Name);
        RequireText(errors, nameof(SkpdInput.Name), name, MaxNameLength);
        if (errors.Any)
        {
            return new AdminResult(errors.All);
        }

        if (skpd is null)
        {
            db.Skpds.Add(new Skpd { Code = code!, Name = name! });
            var group = DemoOrganization.SkpdGroup(code!);
            if (!await db.OrgRoles.AnyAsync(r => r.Group == group, cancellationToken))
            {
                db.OrgRoles.Add(new Role { Group = group, Name = $"Operator {name}" });
            }
        }
        else
        {
            skpd.Name = name!;
        }

        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok;
    }

    public async Task<AdminResult> CreateRoleAsync(string? group, string? name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var errors = new FieldErrors();
        group = Trim(group);
        name = Trim(name);
        if (group is null)
        {
            errors.Add("Group", "Error.Required");
        }
        else if (!GroupPattern().IsMatch(group))
        {
            errors.Add("Group", "Error.GroupFormat");
        }
        else if (await db.OrgRoles.AnyAsync(r => r.Group == group, cancellationToken))
        {
            errors.Add("Group", "Error.Taken", group);
        }

        RequireText(errors, "RoleName", name, MaxNameLength);
        if (errors.Any)
        {
            return new AdminResult(errors.All);
        }

        db.OrgRoles.Add(new Role { Group = group!, Name = name! });
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok;
    }

    public async Task<AdminResult> AddMemberAsync(string? group, string? personKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        group = Trim(group);
        personKey = Trim(personKey);
        if (group is null || !await db.OrgRoles.AnyAsync(r => r.Group == group, cancellationToken))
        {
            return AdminResult.Fail("Group", group is null ? "Error.Required" : "Error.UnknownRole", group ?? string.Empty);
        }

        if (personKey is null)
        {
            return AdminResult.Fail("Member", "Error.Required");
        }

        if (!await db.People.AnyAsync(p => p.Key == personKey, cancellationToken))
        {
            return AdminResult.Fail("Member", "Error.UnknownPerson", personKey);
        }

        if (await db.RoleMembers.AnyAsync(m => m.Group == group && m.PersonKey == personKey, cancellationToken))
        {
            return AdminResult.Fail("Member", "Error.AlreadyMember", personKey, group);
        }

        db.RoleMembers.Add(new RoleMember { Group = group, PersonKey = personKey });
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok;
    }

    public async Task<AdminResult> RemoveMemberAsync(string? group, string? personKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.RoleMembers.Where(m => m.Group == group && m.PersonKey == personKey).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? AdminResult.Fail("Member", "Error.NotMember", personKey ?? string.Empty, group ?? string.Empty) : AdminResult.Ok;
    }

    /// <summary>Records an absence: both people exist, the substitute is someone else, the dates are in order.</summary>
    public async Task<AdminResult> CreateAbsenceAsync(AbsenceInput input, string? by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var errors = new FieldErrors();
        var person = Trim(input.PersonKey);
        var substitute = Trim(input.SubstituteKey);
        await RequirePersonAsync(db, errors, nameof(AbsenceInput.PersonKey), person, cancellationToken);
        await RequirePersonAsync(db, errors, nameof(AbsenceInput.SubstituteKey), substitute, cancellationToken);
        if (person is not null && person == substitute)
        {
            errors.Add(nameof(AbsenceInput.SubstituteKey), "Error.SubstituteSelf");
        }

        var from = ParseDate(errors, nameof(AbsenceInput.From), input.From);
        var to = ParseDate(errors, nameof(AbsenceInput.To), input.To);
        if (from is not null && to is not null && from > to)
        {
            errors.Add(nameof(AbsenceInput.To), "Error.DateOrder", from.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (!Enum.TryParse<SubstituteKind>(Trim(input.Kind), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            errors.Add(nameof(AbsenceInput.Kind), "Error.AbsenceKind");
        }

        var reason = Trim(input.Reason);
        if (reason?.Length > 500)
        {
            errors.Add(nameof(AbsenceInput.Reason), "Error.TooLong", 500);
        }

        if (!errors.Any)
        {
            var (first, last) = (from!.Value, to!.Value);
            var overlapping = await db.Absences.AsNoTracking()
                .Where(a => a.PersonKey == person && a.From <= last && a.To >= first)
                .FirstOrDefaultAsync(cancellationToken);
            if (overlapping is not null)
            {
                errors.Add(nameof(AbsenceInput.From), "Error.AbsenceOverlap",
                    overlapping.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    overlapping.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    overlapping.SubstituteKey);
            }
        }

        if (errors.Any)
        {
            return new AdminResult(errors.All);
        }

        db.Absences.Add(new Absence
        {
            PersonKey = person!,
            SubstituteKey = substitute!,
            From = from!.Value,
            To = to!.Value,
            Kind = kind,
            Reason = reason,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = by,
        });
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok;
    }

    public async Task<bool> DeleteAbsenceAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Absences.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    internal static bool IsEmail(string text) =>
        text.Length <= MaxEmailLength
        && !text.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && address.Host.Contains('.', StringComparison.Ordinal);

    internal static DateOnly? ParseDate(FieldErrors errors, string field, string? text)
    {
        text = Trim(text);
        if (text is null)
        {
            errors.Add(field, "Error.Required");
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Error.Date", text);
        return null;
    }

    private static async Task RequirePersonAsync(HostDbContext db, FieldErrors errors, string field, string? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            errors.Add(field, "Error.Required");
        }
        else if (!await db.People.AnyAsync(p => p.Key == key, cancellationToken))
        {
            errors.Add(field, "Error.UnknownPerson", key);
        }
    }

    private static void RequireText(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (value is null)
        {
            errors.Add(field, "Error.Required");
        }
        else if (value.Length > maxLength)
        {
            errors.Add(field, "Error.TooLong", maxLength);
        }
    }

    internal static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
