using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Issues upload URLs for one blob each: create and write only (no read, list or delete), for <see cref="Lifetime"/>.
/// Signed with the account key when the connection string has one (Azurite, local); in Azure, where the app holds no
/// key, with a user delegation key its managed identity obtains (Storage Blob Data Contributor allows that), cached
/// until shortly before it expires. Hospitals themselves hold no storage role: this URL is their only way in.
/// </summary>
public sealed class UploadUrls(BlobServiceClient blobs, TimeProvider time)
{
    /// <summary>How long an upload URL stays valid: enough to pick and send a workbook, short enough that a leaked URL soon dies.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>How long a user delegation key is requested for (storage allows at most 7 days).</summary>
    public static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(12);

    /// <summary>The blob type header a PUT of a whole file needs.</summary>
    public static readonly IReadOnlyDictionary<string, string> PutHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { ["x-ms-blob-type"] = "BlockBlob" };

    // Clocks differ between this app and storage by a little; a key starting a few minutes back is valid on arrival.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private UserDelegationKey? _delegationKey;

    /// <param name="createOnly">
    /// The URL may write a new blob only, never replace one (application workbooks: each upload is a new file). A bid
    /// workbook's URL may replace the hospital's earlier upload, which is how a clerk corrects a round's workbook.
    /// </param>
    public async Task<UploadUrl> IssueAsync(string container, string blobName, bool createOnly, CancellationToken cancellationToken)
    {
        var expiresOn = time.GetUtcNow() + Lifetime;
        var sas = new BlobSasBuilder(createOnly ? BlobSasPermissions.Create : BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn)
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            // Plain HTTP only for the local emulator; a URL for a real account is refused over anything but HTTPS.
            Protocol = IsLocalEmulator(blobs.Uri) ? SasProtocol.HttpsAndHttp : SasProtocol.Https,
        };

        Uri url;
        if (blobs.CanGenerateAccountSasUri)
        {
            url = blobs.GetBlobContainerClient(container).GetBlobClient(blobName).GenerateSasUri(sas);
        }
        else
        {
            var key = await DelegationKeyAsync(cancellationToken);
            url = new BlobUriBuilder(blobs.Uri)
            {
                BlobContainerName = container,
                BlobName = blobName,
                Sas = sas.ToSasQueryParameters(key, blobs.AccountName),
            }.ToUri();
        }

        return new UploadUrl(url, $"{container}/{blobName}", expiresOn, "PUT", PutHeaders);
    }

    private static bool IsLocalEmulator(Uri endpoint) => endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback;

    /// <summary>The cached user delegation key, renewed once it would lapse before a URL issued now does.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(CancellationToken cancellationToken)
    {
        bool Fresh(UserDelegationKey? key) => key is not null && key.SignedExpiresOn - time.GetUtcNow() > Lifetime + ClockSkew;
        var cached = _delegationKey;
        if (Fresh(cached))
        {
            return cached!;
        }

        await _keyGate.WaitAsync(cancellationToken);
        try
        {
            if (!Fresh(_delegationKey))
            {
                var now = time.GetUtcNow();
                var options = new BlobGetUserDelegationKeyOptions(now + DelegationKeyLifetime) { StartsOn = now - ClockSkew };
                _delegationKey = (await blobs.GetUserDelegationKeyAsync(options, cancellationToken)).Value;
            }

            return _delegationKey!;
        }
        finally
        {
            _keyGate.Release();
        }
    }
}
