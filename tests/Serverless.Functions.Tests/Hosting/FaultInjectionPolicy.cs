using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// Fails a share of the Azure Storage provider's requests the way the service and the network do
/// (<see cref="StorageFault"/>). It sits per retry (LocalDurableEngine's storage policies), so the Azure SDK's retries
/// meet the faults as they would meet real ones, and the provider handles what the retries do not.
/// </summary>
internal sealed class FaultInjectionPolicy : HttpPipelinePolicy
{
    private static readonly StorageFault[] Kinds = Enum.GetValues<StorageFault>();
    private readonly double _rate;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly long[] _injected = new long[Kinds.Length];
    private long _requests;

    /// <param name="rate">The share of requests that fail, 0 to 1; a failing request gets one of the kinds, equally likely.</param>
    /// <param name="seed">Seeds the choices, so a single-threaded caller meets the same faults on every run.</param>
    public FaultInjectionPolicy(double rate, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        _rate = rate;
        _random = new Random(seed);
    }

    /// <summary>Every attempt that passed through, faulted or not.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public long InjectedCount(StorageFault kind) => Interlocked.Read(ref _injected[(int)kind]);

    public long TotalInjected => Kinds.Sum(InjectedCount);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fault = Draw();
        if (fault is null or { Kind: StorageFault.LostResponse })
        {
            ProcessNext(message, pipeline);
        }

        Inject(message, fault);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fault = Draw();
        if (fault is null or { Kind: StorageFault.LostResponse })
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }

        Inject(message, fault);
    }

    private (StorageFault Kind, int Status)? Draw()
    {
        Interlocked.Increment(ref _requests);
        lock (_randomLock)
        {
            if (_random.NextDouble() >= _rate)
            {
                return null;
            }

            var kind = Kinds[_random.Next(Kinds.Length)];
            var either = _random.Next(2) == 0;
            return kind switch
            {
                StorageFault.ServerError => (kind, either ? 500 : 503),
                StorageFault.Throttled => (kind, either ? 429 : 503),
                _ => (kind, 500),
            };
        }
    }

    private void Inject(HttpMessage message, (StorageFault Kind, int Status)? fault)
    {
        if (fault is not var (kind, status))
        {
            return;
        }

        Interlocked.Increment(ref _injected[(int)kind]);
        var requestId = message.Request.ClientRequestId;
        switch (kind)
        {
            case StorageFault.Timeout:
                // What the SDK's own network timeout throws; its retry policy retries it.
                throw new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout (injected fault).");
            case StorageFault.ServerError:
                message.Response = new InjectedResponse(status, requestId, status == 500 ? "InternalError" : "ServerBusy", retryAfter: null);
                break;
            case StorageFault.Throttled:
                message.Response = new InjectedResponse(status, requestId, "ServerBusy", retryAfter: "1");
                break;
            case StorageFault.LostResponse:
                message.Response.Dispose();
                message.Response = new InjectedResponse(status, requestId, "InternalError", retryAfter: null);
                break;
        }
    }

    /// <summary>A bodiless error response with the service's error-code header and, when throttling, Retry-After.</summary>
    private sealed class InjectedResponse : Response
    {
        private readonly List<HttpHeader> _headers;

        public InjectedResponse(int status, string clientRequestId, string errorCode, string? retryAfter)
        {
            Status = status;
            ClientRequestId = clientRequestId;
            _headers = [new("x-ms-error-code", errorCode), new("x-ms-client-request-id", clientRequestId)];
            if (retryAfter is not null)
            {
                _headers.Add(new HttpHeader("Retry-After", retryAfter));
            }
        }

        public override int Status { get; }

        public override string ReasonPhrase => Status switch
        {
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        };

        /// <summary>The transport classifies real responses; the retry policy retries only those it marked as errors.</summary>
        public override bool IsError => true;

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; }

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => _headers.Exists(h => IsNamed(h, name));

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers;

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = _headers.Find(h => IsNamed(h, name)).Value;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = TryGetHeader(name, out var value) ? [value] : null;
            return values is not null;
        }

        private static bool IsNamed(HttpHeader header, string name) => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase);
    }
}
