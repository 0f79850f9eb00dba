namespace Kinerja.Engine.Calendar;

/// <summary>Why a day is off.</summary>
public enum DayOffKind
{
    /// <summary>A national public holiday (hari libur nasional, SKB 3 Menteri).</summary>
    NationalHoliday,

    /// <summary>A collective leave day (cuti bersama, SKB 3 Menteri).</summary>
    CutiBersama,

    /// <summary>A regional dispensation, e.g. Bali's Hindu holy days from the Governor's yearly circular.</summary>
    RegionalDispensation,

    /// <summary>Any other day off an admin adds.</summary>
    Extra,
}
