namespace Serverless.Functions.ReserveFund;

/// <summary>
/// The ledger's anchor (DOMAIN.md §3, issue 18): the secret every entry's HMAC is keyed with, from configuration
/// section <c>Ledger</c> (<c>Ledger__MacKey</c> as an environment variable or app setting; a Key Vault reference in
/// Azure), never from the table. There is no default: without a key the app does not start.
/// </summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>The configuration key of <see cref="MacKey"/> (<c>Ledger__MacKey</c> in the environment).</summary>
    public const string MacKeySetting = Section + ":" + nameof(MacKey);

    public const int MinimumKeyLength = 32;

    /// <summary>The HMAC-SHA256 key (its UTF-8 bytes): at least <see cref="MinimumKeyLength"/> characters.</summary>
    public string? MacKey { get; set; }

    /// <summary>Why these options cannot anchor the ledger, or null when they can.</summary>
    public string? Problem => MacKey is { Length: >= MinimumKeyLength }
        ? null
        : $"{MacKeySetting} (environment Ledger__MacKey) must be a secret of at least {MinimumKeyLength} characters: without it the ledger's entries cannot be sealed or checked.";
}
