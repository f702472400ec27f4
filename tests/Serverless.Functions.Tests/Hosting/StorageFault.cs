namespace Serverless.Functions.Tests.Hosting;

/// <summary>The storage failures <see cref="FaultInjectionPolicy"/> injects, as a client of the real service meets them.</summary>
internal enum StorageFault
{
    /// <summary>The request times out before any response: nothing reached storage.</summary>
    Timeout,

    /// <summary>The service answers 500 or 503 without doing the work.</summary>
    ServerError,

    /// <summary>The service answers 429 or 503 with <c>Retry-After: 1</c> without doing the work.</summary>
    Throttled,

    /// <summary>The request reached Azurite and was done, but its answer is lost: the caller sees a 500 and retries a write that happened.</summary>
    LostResponse,
}
