namespace SocialEconomy.Api.Operations;

/// <summary>OpenTelemetry traces and metrics. Bound from configuration section "Telemetry"; off unless Enabled.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Collect traces and metrics. When false nothing of OpenTelemetry is registered.</summary>
    public bool Enabled { get; set; }

    /// <summary>The service.name resource attribute every span and metric carries.</summary>
    public string ServiceName { get; set; } = "social-economy-api";

    /// <summary>The OpenTelemetry collector to export to, e.g. http://localhost:4317; none means no OTLP export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP over gRPC ("Grpc", port 4317 by convention) or over HTTP ("HttpProtobuf", port 4318).</summary>
    public OtlpTransport OtlpProtocol { get; set; } = OtlpTransport.Grpc;

    /// <summary>Also write spans and metrics to standard output, for trying it out without a collector.</summary>
    public bool Console { get; set; }
}

public enum OtlpTransport
{
    Grpc,
    HttpProtobuf,
}
