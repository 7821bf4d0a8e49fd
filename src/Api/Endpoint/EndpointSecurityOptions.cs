namespace SocialEconomy.Api.Endpoint;

/// <summary>Cross-site protection of /graphql. Bound from configuration section "Security".</summary>
public sealed class EndpointSecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Refuse requests a browser could send from another site without a CORS preflight (a GET, or a POST with a
    /// form or text body), unless they carry a GraphQL-Require-Preflight header or a non-simple Content-Type.
    /// </summary>
    public bool RequirePreflight { get; set; } = true;

    /// <summary>Origins whose pages may call the API (CORS); none by default, so browsers allow only same-origin calls.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>
    /// Addresses ("10.0.0.5") or networks ("10.0.0.0/8") of the reverse proxies or load balancers in front of the API.
    /// A request arriving from one of them is taken to come from the client its X-Forwarded-For header names (and by
    /// the scheme of X-Forwarded-Proto), for the rate limit and the request log; from anyone else those headers are
    /// ignored, so a client cannot choose its own address. None by default.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
