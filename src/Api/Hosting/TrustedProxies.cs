using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using SocialEconomy.Api.Endpoint;

namespace SocialEconomy.Api.Hosting;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto, believed only from the proxies Security:TrustedProxies names: ASP.NET Core's
/// own default would also believe any process on the API's machine (loopback), which is not said anywhere a user
/// would look.
/// </summary>
public static class TrustedProxies
{
    public static void UseTrustedProxies(this WebApplication app, EndpointSecurityOptions security)
    {
        if (security.TrustedProxies.Count == 0)
        {
            return;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Behind a chain of trusted proxies, the client is the first address no trusted proxy holds.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in security.TrustedProxies)
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else
            {
                throw new InvalidOperationException(
                    $"Security:TrustedProxies has '{entry}', which is neither an IP address (10.0.0.5) nor a network (10.0.0.0/8). Correct or remove it.");
            }
        }

        app.UseForwardedHeaders(options);
    }
}
