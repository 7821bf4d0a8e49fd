using SocialEconomy.Api.Hosting;

await ApiApplication.Build(args).RunAsync();
