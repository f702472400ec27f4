using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Time.Testing;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// In Azure the app holds no account key: upload URLs are signed with a user delegation key its identity obtains.
/// The account here is a stand-in that hands out keys and counts the requests (Azurite signs only with its key).
/// </summary>
public sealed class UploadUrlsDelegationTests
{
    [Fact]
    public async Task Without_an_account_key_urls_are_https_only_and_signed_with_one_cached_delegation_key_renewed_before_it_lapses()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 1, 0, 0, TimeSpan.Zero));
        var account = new KeylessAccount();
        var urls = new UploadUrls(account, clock);

        var first = await urls.IssueAsync("bids", "camp/round-1/H01001.xlsx", createOnly: false, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        await urls.IssueAsync("applications", "H01001/申请.xlsx", createOnly: true, CancellationToken.None);
        Assert.Equal(1, account.KeyRequests);

        Assert.Equal("https://stpricing.blob.core.windows.net/bids/camp/round-1/H01001.xlsx", first.Url.GetLeftPart(UriPartial.Path));
        var query = first.Url.Query;
        Assert.Contains("sp=cw", query, StringComparison.Ordinal);
        Assert.Contains("sr=b", query, StringComparison.Ordinal);
        Assert.Contains("spr=https&", query + "&", StringComparison.Ordinal);
        Assert.Contains("skoid=app-identity", query, StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow().AddHours(-1) + UploadUrls.Lifetime, first.ExpiresOn);

        // Once a URL issued now would outlive the key, a new key is fetched; a URL never outlives its key.
        clock.Advance(UploadUrls.DelegationKeyLifetime - TimeSpan.FromHours(1) - UploadUrls.Lifetime);
        var late = await urls.IssueAsync("bids", "camp/round-2/H01001.xlsx", createOnly: false, CancellationToken.None);
        Assert.Equal(2, account.KeyRequests);
        Assert.True(late.ExpiresOn <= account.LastKeyExpiresOn);
    }

    private sealed class KeylessAccount : BlobServiceClient
    {
        public int KeyRequests { get; private set; }

        public DateTimeOffset LastKeyExpiresOn { get; private set; }

        public override Uri Uri { get; } = new("https://stpricing.blob.core.windows.net/");

        public override string AccountName => "stpricing";

        public override bool CanGenerateAccountSasUri => false;

        public override Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(BlobGetUserDelegationKeyOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            KeyRequests++;
            LastKeyExpiresOn = options.ExpiresOn;
            var key = BlobsModelFactory.UserDelegationKey("app-identity", "tenant", options.StartsOn ?? options.ExpiresOn.AddDays(-1), options.ExpiresOn, "b", "2025-01-05", Convert.ToBase64String(new byte[32]));
            return Task.FromResult(Response.FromValue(key, null!));
        }
    }
}
