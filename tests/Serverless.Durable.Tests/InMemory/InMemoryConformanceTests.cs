using Serverless.Durable;
using Serverless.Durable.Tests.Conformance;

namespace Serverless.Durable.Tests.InMemory;

public sealed class InMemoryConformanceTests : ConformanceTests
{
    protected override Task<IDurableTestHost> StartAsync(DurableTaskRegistry registry) => Task.FromResult<IDurableTestHost>(new InMemoryTestHost(registry));
}
