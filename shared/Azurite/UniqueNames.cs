using System.Globalization;

namespace Serverless.Azurite;

/// <summary>Unique names valid for Azure containers, queues and tables, so tests can share one Azurite side by side.</summary>
public static class UniqueNames
{
    private static int _counter;

    /// <summary>A lowercase letters-and-digits name: starts with a letter, at most 24 characters.</summary>
    public static string Unique(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var clean = new string([.. prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        var suffix = Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
        var head = clean.Length == 0 || !char.IsAsciiLetter(clean[0]) ? "t" + clean : clean;
        return (head.Length > 24 - suffix.Length ? head[..(24 - suffix.Length)] : head) + suffix;
    }
}
