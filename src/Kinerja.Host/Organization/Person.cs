namespace Kinerja.Host.Organization;

/// <summary>An officer who gets tasks and mail. <see cref="Key"/> is what the engine knows as assignee.</summary>
public sealed class Person
{
    public required string Key { get; set; }
    public required string Name { get; set; }
    public string? Nip { get; set; }
    public required string Email { get; set; }

    /// <summary>Jabatan, e.g. "Kepala Bagian Organisasi".</summary>
    public string? Position { get; set; }

    /// <summary>The Perangkat Daerah the officer works in, if not Bagian Organisasi itself.</summary>
    public string? SkpdCode { get; set; }

    /// <summary>The atasan escalations go to.</summary>
    public string? SupervisorKey { get; set; }

    /// <summary>"id" (Bahasa Indonesia) or "en": the language of this person's mail.</summary>
    public string Culture { get; set; } = "id";

    public bool Active { get; set; } = true;
}

/// <summary>A Perangkat Daerah (SKPD/OPD). Its operators form the group <c>skpd:{Code}</c>.</summary>
public sealed class Skpd
{
    public required string Code { get; set; }
    public required string Name { get; set; }
}

/// <summary>A role (candidate group) such as <c>kasubbag-kinerja-rb</c> or <c>skpd:dinkes</c>, with a readable name.</summary>
public sealed class Role
{
    public required string Group { get; set; }
    public required string Name { get; set; }
}

/// <summary>Membership of a person in a role.</summary>
public sealed class RoleMember
{
    public required string Group { get; set; }
    public required string PersonKey { get; set; }
}

public enum SubstituteKind
{
    /// <summary>Pelaksana Harian: stands in for a short absence (leave, duty travel).</summary>
    Plh,

    /// <summary>Pelaksana Tugas: stands in for a vacant or long-absent post.</summary>
    Plt,
}

/// <summary>An officer away for a date range, with the substitute who gets their tasks, mail and links meanwhile.</summary>
public sealed class Absence
{
    public long Id { get; set; }
    public required string PersonKey { get; set; }
    public required string SubstituteKey { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public SubstituteKind Kind { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    public bool Covers(DateOnly date) => From <= date && date <= To;
}
