namespace Kinerja.Host.Admin;

/// <summary>
/// One thing wrong with a submitted admin form. <see cref="MessageKey"/> names a text in <c>AdminResource</c>;
/// its first placeholder is the field's label (<c>Field.{Field}</c>), the rest are <see cref="Args"/>.
/// </summary>
public sealed record FieldError(string Field, string MessageKey, IReadOnlyList<object> Args)
{
    public FieldError(string field, string messageKey)
        : this(field, messageKey, [])
    {
    }
}

/// <summary>Collects <see cref="FieldError"/>s, one per field (the first found).</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> All => _errors;

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.Exists(e => e.Field == field);

    public void Add(string field, string messageKey, params object[] args)
    {
        if (!Has(field))
        {
            _errors.Add(new FieldError(field, messageKey, args));
        }
    }
}
