using Serverless.Azurite;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Infra;

/// <summary>The Bicep is read as text (no Bicep compiler restores here) and checked against the names the code uses.</summary>
public sealed class InfrastructureDriftTests
{
    private static string Read(string relative) => File.ReadAllText(Path.Combine(AzuriteInstance.FindRepositoryRoot(), relative));

    [Fact]
    public void Every_container_table_and_queue_the_code_uses_is_created()
    {
        var main = Read("infra/main.bicep");

        foreach (var name in StorageNames.Containers.Concat(StorageNames.Tables).Concat(StorageNames.Queues))
        {
            Assert.Contains($"'{name}'", main, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_app_uses_its_identity_and_china_time_and_never_an_account_key()
    {
        var app = Read("infra/modules/functionapp.bicep");
        var storage = Read("infra/modules/storage.bicep");

        Assert.Contains($"name: '{AppSettings.AsEnvironmentVariable(AppSettings.StorageAccountName)}'", app, StringComparison.Ordinal);
        Assert.Contains($"name: '{AppSettings.AsEnvironmentVariable(AppSettings.AuthenticationMode)}', value: 'AppService'", app, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSettings.AsEnvironmentVariable(AppSettings.TokenSigningKey), app, StringComparison.Ordinal);
        Assert.Contains($"name: '{AppSettings.TaskHub}'", app, StringComparison.Ordinal);
        Assert.Contains("name: 'WEBSITE_TIME_ZONE', value: 'Asia/Shanghai'", app, StringComparison.Ordinal);
        Assert.Contains("name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated'", app, StringComparison.Ordinal);
        Assert.Contains("linuxFxVersion: 'DOTNET-ISOLATED|10.0'", app, StringComparison.Ordinal);

        // A timer function whose %setting% is missing is not indexed by the host: each schedule is set, equal to the code's default.
        Assert.Contains($"name: '{TimerNames.FundCollectionSetting.Replace(":", "__", StringComparison.Ordinal)}', value: '{Serverless.Functions.ReserveFund.FundTimer.DefaultSchedule}'", app, StringComparison.Ordinal);
        Assert.Contains($"name: '{TimerNames.ComplexReviewSetting.Replace(":", "__", StringComparison.Ordinal)}', value: '{Serverless.Functions.Reviews.ReviewsModule.ComplexSchedule}'", app, StringComparison.Ordinal);
        Assert.Contains($"name: '{TimerNames.GeneralReviewSetting.Replace(":", "__", StringComparison.Ordinal)}', value: '{Serverless.Functions.Reviews.ReviewsModule.GeneralSchedule}'", app, StringComparison.Ordinal);
        Assert.Contains("type: 'SystemAssigned'", app, StringComparison.Ordinal);
        Assert.Contains("name: 'authsettingsV2'", app, StringComparison.Ordinal);
        Assert.Contains("unauthenticatedClientAction: 'Return401'", app, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", app + storage, StringComparison.Ordinal);
        Assert.Contains("allowSharedKeyAccess: false", storage, StringComparison.Ordinal);
        Assert.Contains("allowBlobPublicAccess: false", storage, StringComparison.Ordinal);
        Assert.Contains("minimumTlsVersion: 'TLS1_2'", storage, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_app_identity_holds_a_storage_role_and_it_may_sign_upload_urls()
    {
        var bicep = string.Concat(Directory.GetFiles(Path.Combine(AzuriteInstance.FindRepositoryRoot(), "infra"), "*.bicep", SearchOption.AllDirectories).Select(File.ReadAllText));
        var app = Read("infra/modules/functionapp.bicep");

        // Storage Blob Data Contributor: includes generateUserDelegationKey, which keyless upload URLs are signed with.
        Assert.Contains("'ba92f5b4-2d11-453d-a403-e96b0029c9fe'", app, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(bicep, @"roleAssignments@[^']*' = \[for role in roles: \{\s*name: guid\(storage\.id, app\.id, role\)\s*scope: storage\b"));
        Assert.Contains("principalId: app.identity.principalId", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_settings_sample_documents_every_setting_the_app_reads()
    {
        var sample = Read("local.settings.sample.json");

        foreach (var setting in new[] { AppSettings.StorageConnection, AppSettings.StorageAccountName, AppSettings.TaskHub, AppSettings.UploadScanInterval, Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting, AppSettings.AuthenticationMode, AppSettings.TokenSigningKey })
        {
            Assert.Contains($"\"{AppSettings.AsEnvironmentVariable(setting)}\"", sample, StringComparison.Ordinal);
        }
    }
}
