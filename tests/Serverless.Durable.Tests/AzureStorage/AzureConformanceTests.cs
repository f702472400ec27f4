using Serverless.Durable;
using Serverless.Durable.Tests.Conformance;

namespace Serverless.Durable.Tests.AzureStorage;

public sealed class AzureConformanceTests(AzuriteFixture fixture) : ConformanceTests, IClassFixture<AzuriteFixture>
{
    protected override async Task<IDurableTestHost> StartAsync(DurableTaskRegistry registry) => await AzureTestHost.StartAsync(fixture.Azurite, registry);
}
