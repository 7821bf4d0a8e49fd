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
}
