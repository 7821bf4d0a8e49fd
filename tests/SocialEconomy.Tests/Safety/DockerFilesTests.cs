using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace SocialEconomy.Tests.Safety;

/// <summary>
/// Dockerfile and docker-compose.yml, checked with what runs without a Docker engine: the compose file parses as
/// YAML, the API's environment names real configuration keys, the API waits for a healthy PostgreSQL whose database,
/// user and password its connection string uses, data lives in a named volume, and the image runs as a non-root
/// user with a health check on /healthz.
/// </summary>
public sealed partial class DockerFilesTests
{
    /// <summary>Keys the host reads itself rather than through an options class.</summary>
    private static readonly Regex HostKeys = HostKeyPattern();

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Repository.Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlMappingNode Service(YamlMappingNode compose, string name) =>
        (YamlMappingNode)((YamlMappingNode)compose["services"])[name];

    private static Dictionary<string, string> Environment(YamlMappingNode service) => service["environment"] switch
    {
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!, StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(i => ((YamlScalarNode)i).Value!.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
        _ => throw new InvalidOperationException("environment is neither a map nor a list"),
    };

    [Fact]
    public void Compose_ApiEnvironment_NamesOnlyRealConfigurationKeys_WithValuesThatBind()
    {
        var environment = Environment(Service(Compose(), "api"));

        Assert.Contains("Store__Provider", environment.Keys);
        Assert.Contains("Store__ConnectionString", environment.Keys);
        foreach (var (key, value) in environment)
        {
            AssertConfigurationKey(key, value);
        }

        Assert.Equal(StoreProvider.Postgres, Enum.Parse<StoreProvider>(environment["Store__Provider"]));
    }

    [Fact]
    public void Compose_Api_WaitsForAHealthyPostgres_WhoseDatabaseUserAndPasswordItsConnectionStringUses()
    {
        var compose = Compose();
        var api = Service(compose, "api");
        var postgres = Service(compose, "postgres");

        var dependsOn = (YamlMappingNode)api["depends_on"];
        Assert.Equal("service_healthy", ((YamlScalarNode)((YamlMappingNode)dependsOn["postgres"])["condition"]).Value);
        Assert.Contains("pg_isready", string.Join(" ", ((YamlSequenceNode)((YamlMappingNode)postgres["healthcheck"])["test"]).Select(n => ((YamlScalarNode)n).Value)));
        Assert.Contains("/readyz", string.Join(" ", ((YamlSequenceNode)((YamlMappingNode)api["healthcheck"])["test"]).Select(n => ((YamlScalarNode)n).Value)));

        var database = Environment(postgres);
        var connection = new DbConnectionStringBuilder { ConnectionString = Environment(api)["Store__ConnectionString"] };
        Assert.Equal("postgres", connection["Host"]);
        Assert.Equal(database["POSTGRES_DB"], connection["Database"]);
        Assert.Equal(database["POSTGRES_USER"], connection["Username"]);
        Assert.Equal(database["POSTGRES_PASSWORD"], connection["Password"]);

        // The data outlives the container: a named volume, declared at the top level, mounted at PostgreSQL's data directory.
        var volume = ((YamlScalarNode)((YamlSequenceNode)postgres["volumes"]).Children.Single()).Value!.Split(':');
        Assert.Equal("/var/lib/postgresql/data", volume[1]);
        Assert.Contains(volume[0], ((YamlMappingNode)compose["volumes"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }

    [Fact]
    public void Compose_ApiScales_BehindALoadBalancer_WhoseAddressIsTheOnlyTrustedProxy()
    {
        var compose = Compose();
        var api = Service(compose, "api");
        var balancer = Service(compose, "load-balancer");

        // Replicas of the API cannot share a host port: only the load balancer publishes one.
        Assert.False(api.Children.ContainsKey("ports"), "the api service publishes a host port, so it cannot be scaled");
        Assert.Equal(["5080:80"], ((YamlSequenceNode)balancer["ports"]).Select(n => ((YamlScalarNode)n).Value));
        var config = ((YamlScalarNode)((YamlSequenceNode)balancer["volumes"]).Single()).Value!.Split(':');
        var nginx = File.ReadAllText(Path.Combine(Repository.Root, config[0]));
        Assert.Equal("/etc/nginx/conf.d/default.conf", config[1]);
        Assert.Contains("proxy_pass $api;", nginx, StringComparison.Ordinal);
        Assert.Contains("set $api http://api:8080;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", nginx, StringComparison.Ordinal);

        // The API believes X-Forwarded-For from the load balancer's fixed address, in the network's subnet, and from nobody else.
        var address = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)balancer["networks"])["graph"])["ipv4_address"]).Value!;
        var trusted = Environment(api).Where(e => e.Key.StartsWith("Security__TrustedProxies__", StringComparison.Ordinal)).Select(e => e.Value).ToList();
        Assert.Equal([address], trusted);
        var subnet = ((YamlScalarNode)((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)compose["networks"])["graph"])["ipam"])["config"]).Single())["subnet"]).Value!;
        Assert.True(System.Net.IPNetwork.Parse(subnet).Contains(System.Net.IPAddress.Parse(address)), $"{address} is not in {subnet}");
    }

    [Fact]
    public void Dockerfile_IsMultiStage_RunsAsNonRoot_AndChecksHealthAtHealthz_OnThePortItListensOn()
    {
        var lines = Instructions(File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile")));
        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, "not a multi-stage build");
        var final = lines[lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))..];

        var user = final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.DoesNotContain(user.Split(':')[0], (string[])["root", "0"]);
        var healthcheck = Assert.Single(final, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var port = Assert.Single(final, l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))["EXPOSE ".Length..].Trim();
        Assert.Contains($"http://localhost:{port}/healthz", healthcheck);
        // The program the check runs must be in the final image: the aspnet base image has no curl of its own.
        Assert.Contains(final, l => l.StartsWith("RUN ", StringComparison.Ordinal) && l.Contains("install", StringComparison.Ordinal) && l.Contains(" curl", StringComparison.Ordinal));

        var env = final.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => EnvPair().Matches(l["ENV ".Length..]).Select(m => (Key: m.Groups[1].Value, Value: m.Groups[2].Value)))
            .ToList();
        Assert.Contains(env, e => e.Key == "Urls" && e.Value.EndsWith($":{port}", StringComparison.Ordinal));
        foreach (var (key, value) in env)
        {
            AssertConfigurationKey(key, value);
        }
    }

    /// <summary>SECTION__Property must be a settable property of the options class bound from that section, and the value must convert to its type.</summary>
    private static void AssertConfigurationKey(string key, string value)
    {
        if (HostKeys.IsMatch(key))
        {
            return;
        }

        var parts = key.Split("__");
        Assert.True(parts.Length == 2 || (parts.Length == 3 && int.TryParse(parts[2], out _)), $"'{key}' is not Section__Property or Section__List__Index");
        var options = OptionsSections();
        Assert.True(options.TryGetValue(parts[0], out var type), $"'{key}': no options class is bound from a section '{parts[0]}' (known: {string.Join(", ", options.Keys)})");
        var property = type!.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        Assert.True(property is { CanWrite: true }, $"'{key}': {type.Name} has no settable property '{parts[1]}'");
        var target = Nullable.GetUnderlyingType(property!.PropertyType) ?? property.PropertyType;
        if (parts.Length == 3)
        {
            // An item of a list: the list's element type is what the value must convert to.
            Assert.True(target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>), $"'{key}': {type.Name}.{property.Name} is not a list");
            target = target.GetGenericArguments()[0];
        }
        Assert.True(target switch
        {
            _ when target == typeof(bool) => bool.TryParse(value, out _),
            _ when target == typeof(int) => int.TryParse(value, out _),
            _ when target.IsEnum => Enum.TryParse(target, value, ignoreCase: true, out _),
            _ => target == typeof(string),
        }, $"'{key}': '{value}' does not convert to {target.Name}");
    }

    /// <summary>Every options class of the API and the graph library, by the section it declares (public const string Section).</summary>
    private static Dictionary<string, Type> OptionsSections() =>
        new[] { typeof(StoreOptions).Assembly, typeof(SocialEconomy.Api.Hosting.SeedOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>Dockerfile instructions with continuation lines joined and comments dropped.</summary>
    private static List<string> Instructions(string dockerfile) =>
        [.. Regex.Replace(dockerfile, @"\\\r?\n", " ")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))];

    [GeneratedRegex(@"^(Urls|ASPNETCORE_\w+|DOTNET_\w+)$")]
    private static partial Regex HostKeyPattern();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex EnvPair();
}
