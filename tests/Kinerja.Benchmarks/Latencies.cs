using System.Diagnostics;

namespace Kinerja.Benchmarks;

/// <summary>Latencies in milliseconds and their percentiles (nearest rank).</summary>
internal sealed class Latencies
{
    private readonly List<double> _values;
    private double[]? _sorted;

    public Latencies(int capacity = 1024) => _values = new List<double>(capacity);

    public int Count => _values.Count;

    public static double Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public void Add(double milliseconds)
    {
        _values.Add(milliseconds);
        _sorted = null;
    }

    public void AddRange(Latencies other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _values.AddRange(other._values);
        _sorted = null;
    }

    public double Mean => _values.Count == 0 ? 0 : _values.Average();

    public double Max => _values.Count == 0 ? 0 : _values.Max();

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return 0;
        }

        _sorted ??= [.. _values.Order()];
        var rank = (int)Math.Ceiling(p / 100.0 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}
